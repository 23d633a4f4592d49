package dev.esm.privacy;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.esm.shared.Marketplace;

/**
 * How long buyer data is kept once an order is done (ADR 32): {@code esm.privacy.retention.days.<marketplace>} days
 * after delivery (after shipment where the marketplace never says it was delivered, or after cancellation), 30 when
 * unset (Amazon's Data Protection Policy allows no more); the sweep's interval, its batch size, and whether this node
 * runs it at all.
 */
@ConfigurationProperties("esm.privacy.retention")
public record RetentionProperties(Map<Marketplace, Integer> days, Integer defaultDays, Duration interval,
                                  Integer batchSize, Boolean enabled) {

    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 3650;

    public RetentionProperties {
        defaultDays = defaultDays == null ? DEFAULT_DAYS : defaultDays;
        check("default-days", defaultDays);
        Map<Marketplace, Integer> all = new EnumMap<>(Marketplace.class);
        for (Marketplace marketplace : Marketplace.values()) {
            Integer given = days == null ? null : days.get(marketplace);
            all.put(marketplace, given == null ? defaultDays : check("days." + marketplace.name().toLowerCase(), given));
        }
        days = Map.copyOf(all);
        interval = interval == null ? Duration.ofHours(1) : interval;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("esm.privacy.retention.interval must be positive");
        }
        batchSize = batchSize == null ? 500 : batchSize;
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("esm.privacy.retention.batch-size must be 1 to 10000, not " + batchSize);
        }
        enabled = enabled == null || enabled;
    }

    /** The days one marketplace's buyer data is kept after its order is done. */
    public Duration retention(Marketplace marketplace) {
        return Duration.ofDays(days.get(marketplace));
    }

    private static int check(String name, int value) {
        if (value < 1 || value > MAX_DAYS) {
            throw new IllegalArgumentException("esm.privacy.retention." + name + " must be 1 to " + MAX_DAYS
                    + " days, not " + value);
        }
        return value;
    }
}
