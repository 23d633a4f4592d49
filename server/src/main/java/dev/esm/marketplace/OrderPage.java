package dev.esm.marketplace;

import java.util.List;

/**
 * One page of orders.
 *
 * @param orders         the orders of this page, in the marketplace's order
 * @param nextCursor     where to continue: the next page of this window, or, when {@code windowComplete}, the start
 *                       of the next incremental window
 * @param windowComplete true when this page ends the current window (nothing more to fetch now)
 */
public record OrderPage(List<MarketplaceOrder> orders, String nextCursor, boolean windowComplete) {

    public OrderPage {
        orders = List.copyOf(orders);
    }
}
