package dev.esm.platform.quota;

import java.time.Duration;
import java.util.Map;

/**
 * How the shared buckets apply the documented limits: the share of each quota ESM uses, the longest a call waits for
 * a permit before giving up with {@link QuotaExhausted}, and operators' overrides by operation. The orders module
 * builds it from {@code esm.orders.sync.*} (the property names operators already use).
 *
 * @param headroom  the share of a quota's rate and burst that ESM uses, in [0.1, 1]
 * @param maxWait   the longest a {@link CallPermits#take} waits in all
 * @param overrides by operation name; a null field keeps the documented figure
 */
public record QuotaPolicy(double headroom, Duration maxWait, Map<String, Override> overrides) {

    public QuotaPolicy {
        headroom = Math.min(1.0, Math.max(0.1, headroom));
        maxWait = maxWait == null ? Duration.ofSeconds(60) : maxWait;
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** An operator's override of one operation's quota. */
    public record Override(Double rate, Long burst) {
    }
}
