package dev.esm.orders.spi;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * What the shipping desk (the Today page and the orders grid) shows of shipping, from the module that ships orders,
 * without depending on it. Acts for the signed-in operator: only the operator's stores count.
 */
public interface ShippingDesk {

    /** The live label of each order that has one (orders without are absent). */
    Map<UUID, Parcel> parcels(Collection<UUID> orderIds);

    /** Labels bought in {@code [from, to)} and the postage they cost, per currency. */
    LabelsBought labelsBought(Instant from, Instant to);

    /** Tracking pushes the marketplace refused or that failed for good, per store (stores without are absent). */
    Map<UUID, Integer> failedPushes();

    /**
     * @param weightOz     the package weight the label was rated with, in ounces (null when not rated yet)
     * @param trackingCode the tracking number once bought
     */
    record Parcel(BigDecimal weightOz, String trackingCode) {
    }

    record LabelsBought(int labels, Map<String, BigDecimal> postage) {
    }
}
