package dev.esm.shipping;

import java.util.UUID;

import dev.esm.orders.OrderException;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.shipping.internal.ProviderKeys;
import dev.esm.shipping.spi.ProviderKey;
import dev.esm.stores.StoreException;
import dev.esm.stores.Stores;
import org.springframework.stereotype.Component;

/** The order behind a shipping request, and its store's provider key; 404 for orders the operator cannot see. */
@Component
public class ShippableOrders {

    private final OrderQueries orders;
    private final ProviderKeys keys;
    private final Stores stores;

    ShippableOrders(OrderQueries orders, ProviderKeys keys, Stores stores) {
        this.orders = orders;
        this.keys = keys;
        this.stores = stores;
    }

    /** The store's owner, whose shared ship-from addresses and presets its labels use (ADR 37). */
    UUID owner(UUID storeId) {
        try {
            return stores.get(storeId).ownerId();
        } catch (StoreException e) {
            throw ShippingException.notFound("store");
        }
    }

    OrderSummary order(UUID orderId) {
        try {
            return orders.summary(orderId);
        } catch (OrderException e) {
            throw e.notFound() ? ShippingException.notFound("order") : ShippingException.invalid(e.code(), e.getMessage());
        }
    }

    ProviderKey key(UUID storeId) {
        return keys.find(storeId).orElseThrow(ShippingFailures::noApiKey);
    }
}
