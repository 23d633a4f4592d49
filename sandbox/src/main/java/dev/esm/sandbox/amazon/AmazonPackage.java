package dev.esm.sandbox.amazon;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A shipped package ({@code OrderPackage}): carrier, tracking number, ship time, status ({@code SHIPPED} or
 * {@code DELIVERED} in the sandbox) and the units of each order item it holds.
 */
public record AmazonPackage(String packageReferenceId, String carrier, String shippingService, String trackingNumber,
                            Instant shipTime, String status, Map<String, Integer> items) {

    public AmazonPackage {
        items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }

    AmazonPackage delivered() {
        return new AmazonPackage(packageReferenceId, carrier, shippingService, trackingNumber, shipTime, "DELIVERED",
                items);
    }
}
