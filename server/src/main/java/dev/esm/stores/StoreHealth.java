package dev.esm.stores;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.esm.stores.StoreStatus.Health;

/**
 * The health of the acting operator's stores: needs reconnecting (the marketplace refused the credentials), not
 * connected, paused (circuit breaker open), sync failing, stale (no successful sync within twice the store's poll
 * interval), or healthy. Read by the Stores list and by the "stores needing attention" banner
 * ({@code templates/stores/attention.html}).
 */
@Service
public class StoreHealth {

    /** How long a connected store may wait for its first successful sync before it counts as stale. */
    static final Duration FIRST_SYNC_GRACE = Duration.ofMinutes(10);

    /** The interval assumed when the sync has not stated one. */
    private static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

    private final Stores stores;
    private final ObjectProvider<StoreSyncFacts> syncFacts;
    private final Clock clock;

    StoreHealth(Stores stores, ObjectProvider<StoreSyncFacts> syncFacts, Clock clock) {
        this.stores = stores;
        this.syncFacts = syncFacts;
        this.clock = clock;
    }

    /** Every store the acting operator sees, by name, with its health. */
    @Transactional(readOnly = true)
    public List<StoreStatus> all() {
        return of(stores.list());
    }

    /**
     * These stores (as {@link Stores#list} gave them) with their health: the one rule for "needs attention", read by
     * the Stores list, its banner and the Today page and Orders banner ({@code orders.Today}).
     */
    @Transactional(readOnly = true)
    public List<StoreStatus> of(List<Store> list) {
        StoreSyncFacts source = syncFacts.getIfAvailable();
        Map<java.util.UUID, StoreSyncFacts.Facts> facts = source == null || list.isEmpty() ? Map.of()
                : source.facts(list.stream().map(Store::id).toList());
        Instant now = clock.instant();
        return list.stream().map(store -> status(store, facts.get(store.id()), now)).toList();
    }

    /** One store's health (404 {@code store-not-found} as {@link Stores#get}). */
    @Transactional(readOnly = true)
    public StoreStatus of(java.util.UUID storeId) {
        Store store = stores.get(storeId);
        StoreSyncFacts source = syncFacts.getIfAvailable();
        StoreSyncFacts.Facts facts = source == null ? null : source.facts(List.of(storeId)).get(storeId);
        return status(store, facts, clock.instant());
    }

    /** The stores that need the seller: the banner's content (empty: no banner). */
    @Transactional(readOnly = true)
    public List<StoreStatus> needingAttention() {
        return all().stream().filter(StoreStatus::needsAttention).toList();
    }

    static StoreStatus status(Store store, StoreSyncFacts.Facts facts, Instant now) {
        Instant last = facts == null ? null : facts.lastSuccessAt();
        Duration interval = facts == null ? null : interval(facts, store);
        if (!store.credentialsSet() || facts != null && "NOT_CONNECTED".equals(facts.problem())) {
            return new StoreStatus(store, Health.NOT_CONNECTED, last, null, interval);
        }
        if (facts == null) {
            boolean late = store.createdAt() != null && store.createdAt().plus(FIRST_SYNC_GRACE).isBefore(now);
            return new StoreStatus(store, late ? Health.STALE : Health.PENDING, null, null, null);
        }
        if ("NEEDS_RECONNECT".equals(facts.problem())) {
            return new StoreStatus(store, Health.NEEDS_RECONNECTING, last, null, interval);
        }
        if (facts.breakerOpenUntil() != null && facts.breakerOpenUntil().isAfter(now)) {
            return new StoreStatus(store, Health.PAUSED, last, facts.breakerOpenUntil(), interval);
        }
        if (facts.problem() != null) {
            return new StoreStatus(store, Health.FAILING, last, null, interval);
        }
        if (stale(facts, store, now)) {
            return new StoreStatus(store, Health.STALE, last, null, interval);
        }
        return new StoreStatus(store, last == null ? Health.PENDING : Health.HEALTHY, last, null, interval);
    }

    /** The longer of the poll interval (a minute when unknown) and the wait planned before the next sync. */
    private static Duration interval(StoreSyncFacts.Facts facts, Store store) {
        Instant since = facts.lastSuccessAt() != null ? facts.lastSuccessAt() : store.createdAt();
        Duration interval = facts.pollInterval() == null ? MIN_INTERVAL : facts.pollInterval();
        if (since != null && facts.nextSyncAt() != null && facts.nextSyncAt().isAfter(since)) {
            Duration planned = Duration.between(since, facts.nextSyncAt());
            interval = planned.compareTo(interval) > 0 ? planned : interval;
        }
        return interval;
    }

    /**
     * Not synced within twice the store's interval: the longer of its poll interval and the wait its quota set before
     * the next sync (an Amazon store may sync every few minutes while its poll interval says seconds).
     */
    private static boolean stale(StoreSyncFacts.Facts facts, Store store, Instant now) {
        Instant since = facts.lastSuccessAt() != null ? facts.lastSuccessAt() : store.createdAt();
        if (since == null) {
            return false;
        }
        Duration interval = interval(facts, store);
        Duration allowed = facts.lastSuccessAt() == null ? FIRST_SYNC_GRACE.plus(interval) : interval.multipliedBy(2);
        return Duration.between(since, now).compareTo(allowed) > 0;
    }
}
