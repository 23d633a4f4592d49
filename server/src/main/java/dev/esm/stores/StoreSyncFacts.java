package dev.esm.stores;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * What the order sync knows about stores' health, for {@link StoreHealth}: a port of this module that the orders module
 * implements (it owns the sync's state), so that stores need not depend on orders.
 */
public interface StoreSyncFacts {

    /** The facts of those of these stores the acting operator can see and whose sync has run; others are missing. */
    Map<UUID, Facts> facts(Collection<UUID> storeIds);

    /**
     * @param lastSuccessAt    the end of the last successful sync, or null
     * @param problem          what stops the sync: {@code NEEDS_RECONNECT}, {@code NOT_CONNECTED}, {@code FAILED},
     *                         {@code CIRCUIT_OPEN}; null when healthy
     * @param pollInterval     the pause between syncs the quota allows, or null before the first run
     * @param nextSyncAt       when the next sync is due, or null
     * @param breakerOpenUntil until when the circuit breaker keeps the sync from calling the marketplace, or null
     * @param failuresInARow   syncs that failed in a row (marketplace unavailable)
     */
    record Facts(Instant lastSuccessAt, String problem, Duration pollInterval, Instant nextSyncAt,
                 Instant breakerOpenUntil, int failuresInARow) {
    }
}
