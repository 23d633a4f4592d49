package dev.esm.sandbox.amazon;

import java.math.BigDecimal;

/**
 * One order item ({@code OrderItem}). Prices are per unit, in cents (USD); {@code quantityShipped} is what the
 * spec calls {@code fulfillment.quantityFulfilled}.
 */
public record AmazonOrderItem(String orderItemId, String asin, String sellerSku, String title, int quantityOrdered,
                              int quantityShipped, long unitPriceCents, long unitTaxCents) {

    public BigDecimal unitPrice() {
        return BigDecimal.valueOf(unitPriceCents, 2);
    }

    AmazonOrderItem shipped(int quantity) {
        return new AmazonOrderItem(orderItemId, asin, sellerSku, title, quantityOrdered, quantity, unitPriceCents,
                unitTaxCents);
    }
}
