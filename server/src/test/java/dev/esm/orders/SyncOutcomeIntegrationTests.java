package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;
import dev.esm.orders.internal.SyncOrders;

/**
 * Expected endings of a sync are values, not errors: a second sync of a store while one runs is
 * {@link SyncOutcome.AlreadyRunning}, logs nothing at ERROR, leaves the store healthy, and "sync now" answers 409.
 */
@ExtendWith(OutputCaptureExtension.class)
class SyncOutcomeIntegrationTests extends IntegrationTest {

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    SyncHistory history;
    @Autowired
    Stores stores;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    OrderQueries queries;

    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void simulatorBackToItsDefaults() {
        TestSandbox.walmart().faults().setLatencyMillis(0);
        background.shutdownNow();
    }

    @Test
    void aSyncAskedForWhileOneRunsIsAlreadyRunningAndTheStoreStaysHealthy(CapturedOutput output) throws Exception {
        Shop shop = shop(150);
        // a backfill of 30 day-long windows, each call held 150 ms: a few seconds of running sync
        TestSandbox.walmart().faults().setLatencyMillis(150);
        Future<SyncOutcome> first = background.submit(() -> shop.as(() -> syncOrders.sync(shop.store())));
        SyncRun running = awaitRunning(shop);

        SyncOutcome second = shop.as(() -> syncOrders.sync(shop.store()));
        assertThat(second).isInstanceOfSatisfying(SyncOutcome.AlreadyRunning.class, already -> {
            assertThat(already.storeId()).isEqualTo(shop.store());
            assertThat(already.runningSince()).isEqualTo(running.startedAt());
            assertThat(already.recorded()).as("nothing recorded: it did not start").isEmpty();
        });

        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        WebClient.Response api = web.api("POST", "/api/v1/stores/" + shop.store() + "/sync", null);
        assertThat(api.status()).isEqualTo(409);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.body()).contains("\"code\":\"sync-already-running\"").contains("\"status\":409");

        WebClient.Response page = web.post("/stores/" + shop.store() + "/sync", Map.of());
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/sync?watch=" + running.startedAt().toEpochMilli());
        assertThat(web.get(page.header("Location").replaceFirst("^https?://[^/]+", "")).body())
                .contains("A sync of this store is already running");

        SyncOutcome done = first.get(120, TimeUnit.SECONDS);
        assertThat(done).isInstanceOf(SyncOutcome.Synced.class);
        assertThat(done.recorded().orElseThrow().ordersChanged()).isEqualTo(150);
        SyncHistory.SyncState state = shop.as(() -> history.state(shop.store())).orElseThrow();
        assertThat(state.problem()).as("store health").isNull();
        assertThat(state.lastError()).isNull();
        assertThat(state.consecutiveFailures()).isZero();
        assertThat(shop.as(() -> history.recent(shop.store(), 10))).singleElement()
                .satisfies(run -> assertThat(run.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED));
        assertNothingAtError(output);
    }

    @Test
    void aSyncThatFindsTheCursorMovedByAnotherStopsAsAlreadyRunning(CapturedOutput output) throws Exception {
        Shop shop = shop(150);
        TestSandbox.walmart().faults().setLatencyMillis(150);
        Future<SyncOutcome> first = background.submit(() -> shop.as(() -> syncOrders.sync(shop.store())));
        awaitRunning(shop);
        // what a node taking over a store from one it wrongly thought dead does: close the run, start its own
        int closed = jdbc.sql("select esm.interrupt_sync_runs(?, make_interval(secs => 0))").param(shop.store())
                .query(Integer.class).single();
        assertThat(closed).isEqualTo(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        List<SyncOutcome> outcomes;
        try {
            Future<SyncOutcome> second = other.submit(() -> shop.as(() -> syncOrders.sync(shop.store())));
            outcomes = List.of(first.get(120, TimeUnit.SECONDS), second.get(120, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }

        // the first to find the cursor moved under it stops; the other finishes the backfill
        assertThat(outcomes).filteredOn(SyncOutcome.Synced.class::isInstance).hasSize(1);
        SyncOutcome.AlreadyRunning stopped = outcomes.stream().filter(SyncOutcome.AlreadyRunning.class::isInstance)
                .map(SyncOutcome.AlreadyRunning.class::cast).findFirst().orElseThrow();
        assertThat(stopped.runningSince()).isNotNull();
        SyncRun stoppedRun = stopped.recorded().orElseThrow();
        assertThat(stoppedRun.outcome()).isEqualTo(SyncRun.Outcome.ALREADY_RUNNING);
        assertThat(stoppedRun.finishedAt()).isNotNull();
        assertThat(stoppedRun.error()).contains("another sync of this store");
        SyncHistory.SyncState state = shop.as(() -> history.state(shop.store())).orElseThrow();
        assertThat(state.problem()).isNull();
        assertThat(state.lastError()).isNull();
        assertThat(state.lastSuccessAt()).isNotNull();
        assertThat(TestOrders.marketplaceIds(queries, shop.owner().id(), shop.store()))
                .containsExactlyInAnyOrderElementsOf(shop.walmart().purchaseOrderIds());
        assertNothingAtError(output);
    }

    private SyncRun awaitRunning(Shop shop) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SyncRun> running = shop.as(() -> history.running(shop.store()));
            if (running.isPresent() && running.get().pages() >= 1) {
                return running.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the first sync did not get under way");
    }

    private static void assertNothingAtError(CapturedOutput output) {
        assertThat(output.getAll().lines().filter(line -> line.contains(" ERROR ")).toList()).isEmpty();
        assertThat(output.getAll()).doesNotContain("ConcurrentSync");
    }

    private record Shop(TestOperator owner, UUID store, WalmartSeller walmart) {
        <T> T as(java.util.function.Supplier<T> work) {
            return ActingOperator.runAs(owner.id(), work);
        }
    }

    private Shop shop(int orders) {
        TestOperator owner = operators.create("Busy Seller");
        String clientId = "busy-" + UUID.randomUUID();
        WalmartSeller seller = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        seller.generateOrders(orders, Duration.ofDays(20));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Busy",
                new StoreCredentials.Walmart(clientId, seller.clientSecret()), "test").id());
        return new Shop(owner, store, seller);
    }
}
