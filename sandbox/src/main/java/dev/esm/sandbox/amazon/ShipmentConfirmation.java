package dev.esm.sandbox.amazon;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One accepted {@code confirmShipment} call ({@code POST /orders/v0/orders/{orderId}/shipmentConfirmation}), as
 * received: the package and the units of each order item in it.
 */
public record ShipmentConfirmation(String orderId, String marketplaceId, String packageReferenceId,
                                   String carrierCode, String carrierName, String shippingMethod,
                                   String trackingNumber, Instant shipDate, Map<String, Integer> items,
                                   Instant receivedAt) {

    public ShipmentConfirmation {
        items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }
}
