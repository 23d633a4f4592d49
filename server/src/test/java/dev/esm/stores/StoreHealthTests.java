package dev.esm.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.esm.shared.Marketplace;
import dev.esm.stores.StoreStatus.Health;

/** The badge a store gets from its sync's facts. */
class StoreHealthTests {

    private static final Instant NOW = Instant.parse("2026-12-03T14:00:00Z");
    private static final Duration POLL = Duration.ofSeconds(15);

    @Test
    void aStoreWhoseCredentialsWereRefusedNeedsReconnectingNotSet() {
        assertThat(health(facts(NOW.minusSeconds(600), "NEEDS_RECONNECT", POLL, NOW.plusSeconds(300), null)))
                .isEqualTo(Health.NEEDS_RECONNECTING);
    }

    @Test
    void aStoreWithoutCredentialsIsNotConnected() {
        Store store = new Store(UUID.randomUUID(), Marketplace.AMAZON, "New", false, UUID.randomUUID(), "Me", true,
                NOW.minusSeconds(60));
        assertThat(StoreHealth.status(store, null, NOW).health()).isEqualTo(Health.NOT_CONNECTED);
    }

    @Test
    void anOpenBreakerPausesTheStoreUntilItCloses() {
        StoreStatus status = StoreHealth.status(store(), facts(NOW.minusSeconds(120), "CIRCUIT_OPEN", POLL,
                NOW.plusSeconds(240), NOW.plusSeconds(240)), NOW);
        assertThat(status.health()).isEqualTo(Health.PAUSED);
        assertThat(status.until()).isEqualTo(NOW.plusSeconds(240));
        assertThat(health(facts(NOW.minusSeconds(20), "CIRCUIT_OPEN", POLL, NOW.minusSeconds(5), NOW.minusSeconds(5))))
                .as("after the cool-down, still failing").isEqualTo(Health.FAILING);
    }

    @Test
    void aStoreNotSyncedWithinTwiceItsIntervalIsStale() {
        assertThat(health(facts(NOW.minusSeconds(20), null, POLL, NOW.minusSeconds(5), null))).isEqualTo(Health.HEALTHY);
        assertThat(health(facts(NOW.minusSeconds(31), null, POLL, NOW.minusSeconds(16), null))).isEqualTo(Health.STALE);
    }

    @Test
    void aStoreWhoseQuotaAllowsASyncEveryFewMinutesIsNotStaleAfterThirtySeconds() {
        // Amazon: poll interval 15 s, but the quota put the next sync 3 minutes after the last one
        assertThat(health(facts(NOW.minusSeconds(200), null, POLL, NOW.minusSeconds(20), null)))
                .isEqualTo(Health.HEALTHY);
        assertThat(health(facts(NOW.minusSeconds(361), null, POLL, NOW.minusSeconds(181), null)))
                .isEqualTo(Health.STALE);
    }

    @Test
    void onlyHealthyStoresAndFirstSyncsOnTheirWayNeedNoAttention() {
        assertThat(Health.HEALTHY.needsAttention()).isFalse();
        assertThat(Health.PENDING.needsAttention()).isFalse();
        assertThat(Health.NEEDS_RECONNECTING.needsAttention()).isTrue();
        assertThat(Health.STALE.needsAttention()).isTrue();
        assertThat(Health.PAUSED.needsAttention()).isTrue();
        assertThat(StoreHealth.status(store(), null, NOW).health()).as("added a minute ago, never synced")
                .isEqualTo(Health.PENDING);
    }

    private static Health health(StoreSyncFacts.Facts facts) {
        return StoreHealth.status(store(), facts, NOW).health();
    }

    private static Store store() {
        return new Store(UUID.randomUUID(), Marketplace.WALMART, "Shop", true, UUID.randomUUID(), "Me", true,
                NOW.minusSeconds(60));
    }

    private static StoreSyncFacts.Facts facts(Instant lastSuccess, String problem, Duration poll, Instant next,
                                              Instant breakerUntil) {
        return new StoreSyncFacts.Facts(lastSuccess, problem, poll, next, breakerUntil, 0);
    }
}
