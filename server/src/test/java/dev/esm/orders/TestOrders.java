package dev.esm.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.esm.platform.ActingOperator;

/** Reads a store's orders the way the product does, for assertions. */
final class TestOrders {

    private TestOrders() {
    }

    /** The marketplace ids of every order of the store, through every page of the order list, acting for the owner. */
    static List<String> marketplaceIds(OrderQueries queries, UUID owner, UUID store) {
        return ActingOperator.runAs(owner, () -> {
            List<String> ids = new ArrayList<>();
            String after = null;
            do {
                String cursor = after;
                var page = queries.list(new OrderFilter(store, null, null, null, null, false, false, null,
                        OrderFilter.MAX_LIMIT, cursor));
                page.items().forEach(item -> ids.add(item.marketplaceOrderId()));
                after = page.next();
            } while (after != null);
            return ids;
        });
    }
}
