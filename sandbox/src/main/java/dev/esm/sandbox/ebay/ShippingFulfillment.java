package dev.esm.sandbox.ebay;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One shipping fulfillment created through {@code createShippingFulfillment}: the line items (and quantities) in the
 * package, the carrier and tracking number, the shipped date, and when the simulator received it.
 */
public record ShippingFulfillment(String fulfillmentId, String orderId, Map<String, Integer> lineItems,
                                  String shippingCarrierCode, String trackingNumber, Instant shippedDate,
                                  Instant receivedAt) {

    public ShippingFulfillment {
        lineItems = Collections.unmodifiableMap(new LinkedHashMap<>(lineItems));
    }
}
