package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.ServerProcess;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.orders.OrderSyncCrashIntegrationTests.Run;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.platform.database.DatabaseProperties;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;
import dev.esm.orders.internal.SyncOrders;

/**
 * Crash recovery in demo mode: the server runs as a child process on its own embedded PostgreSQL (a data directory of
 * its own), syncing a store, and is killed with SIGKILL mid-sync: alone (its postmaster lives on as an orphan) or
 * together with its postmaster. Each time the same start command must bring it back healthy, with the runs the dead
 * process left RUNNING closed as INTERRUPTED, no order written twice; after the last start every order of the seller
 * is there exactly once with its latest state (the same as a clean sync of the same seller). A last clean stop
 * (SIGTERM) stops the postmaster with the server. Children's logs: {@code server/target/embedded-crash}.
 */
class EmbeddedServerCrashIntegrationTests extends IntegrationTest {

    private static final int ROUNDS = 5;
    private static final int ORDERS = 300;
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(60);
    private static final Path WORK = Path.of("target", "embedded-crash");

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    ApplicationContext context;

    @Test
    void killedServerAndPostmasterComeBackWithTheSameCommandAndNoRunLeftRunning() throws Exception {
        TestOperator owner = operators.create("Embedded Crash Seller");
        String clientId = "embedded-crash-" + UUID.randomUUID();
        WalmartSeller seller = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        seller.generateOrders(ORDERS, Duration.ofDays(8));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Embedded crashing",
                new StoreCredentials.Walmart(clientId, seller.clientSecret()), "test").id());
        Path dataDir = WORK.resolve("data").toAbsolutePath();
        // an earlier run of this test that was itself killed may have left its postmaster
        DatabaseAccess.embeddedPostmaster(dataDir).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        deleteTree(WORK);
        Files.createDirectories(WORK);
        long seed = Long.getLong("esm.crash.seed", System.nanoTime());
        Random random = new Random(seed);

        // the child's own data directory: its cluster holds this store, its owner and its data key, nothing else; its
        // runtime role is the default one the child will use (not this test's, which differs on an external database)
        try (Connection main = DatabaseAccess.superuser(context)) {
            DatabaseAccess.prepareEmbedded(dataDir, DatabaseProperties.DEFAULT_APP_USER, child -> {
                DatabaseAccess.copyRows(main, child, "esm.operator", "id", owner.id());
                DatabaseAccess.copyRows(main, child, "esm.store", "id", store);
                DatabaseAccess.copyRows(main, child, "esm.data_key", "store_id", store);
            });
        }
        Map<String, String> environment = ServerProcess.embeddedNodeEnvironment(dataDir);
        Map<String, String> properties = properties();
        List<String> report = new ArrayList<>();
        report.add("seed " + seed);
        TestSandbox.walmart().faults().setLatencyMillis(20);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                boolean withPostmaster = round % 2 == 0;
                try (ServerProcess server = ServerProcess.start(environment, properties,
                        WORK.resolve("server-" + round + ".log"))) {
                    long began = System.nanoTime();
                    awaitHealthy(server, report);
                    long healthyMillis = Duration.ofNanos(System.nanoTime() - began).toMillis();
                    try (Connection db = DatabaseAccess.embeddedSuperuser(dataDir)) {
                        // what the process before this one left RUNNING is closed before this one syncs
                        assertThat(awaitNoRunning(db, store, server)).as(String.join("\n", report)).isTrue();
                        Set<UUID> earlier = OrderSyncCrashIntegrationTests.runs(db, store).keySet();
                        await(server, db, store, earlier, r -> r.pages() > 0, report);
                        assertThat(OrderSyncCrashIntegrationTests.duplicateOrders(db, store)).isZero();
                    }
                    Thread.sleep(random.nextInt(400));
                    Optional<ProcessHandle> postmaster = DatabaseAccess.embeddedPostmaster(dataDir);
                    assertThat(postmaster).as("the postmaster of round " + round).isPresent();
                    if (withPostmaster) {
                        postmaster.get().destroyForcibly();
                    }
                    server.kill();
                    report.add("round %d: healthy after %d ms, killed the server%s".formatted(round, healthyMillis,
                            withPostmaster ? " and its postmaster" : " (its postmaster lives on)"));
                    if (!withPostmaster) {
                        assertThat(postmaster.get().isAlive()).as("an orphaned postmaster").isTrue();
                    }
                }
                seller.tick(20, 60);
            }

            // once more: it comes back, closes what the last kill left, and syncs the store up to now
            try (ServerProcess server = ServerProcess.start(environment, properties, WORK.resolve("server-last.log"))) {
                awaitHealthy(server, report);
                try (Connection db = DatabaseAccess.embeddedSuperuser(dataDir)) {
                    assertThat(awaitNoRunning(db, store, server)).as(String.join("\n", report)).isTrue();
                    Set<UUID> earlier = OrderSyncCrashIntegrationTests.runs(db, store).keySet();
                    await(server, db, store, earlier, r -> r.outcome().equals("SUCCEEDED"), report);
                    Map<UUID, Run> runs = OrderSyncCrashIntegrationTests.runs(db, store);
                    assertThat(runs.values()).as(String.join("\n", report))
                            .noneMatch(r -> r.outcome().equals("RUNNING") && earlier.contains(r.id()))
                            .anyMatch(r -> r.outcome().equals("INTERRUPTED"));
                    assertThat(OrderSyncCrashIntegrationTests.duplicateOrders(db, store)).isZero();
                    assertThat(OrderSyncCrashIntegrationTests.duplicateStatusChanges(db, store)).isZero();

                    // the reference: the same seller synced once, cleanly, into a store of another operator in the
                    // test's own server (one operator may connect a seller account once)
                    TestOperator referee = operators.create("Embedded Crash Reference");
                    UUID reference = ActingOperator.runAs(referee.id(), () -> stores.add(Marketplace.WALMART,
                            "Embedded reference", new StoreCredentials.Walmart(clientId, seller.clientSecret()),
                            "test").id());
                    assertThat(ActingOperator.runAs(referee.id(), () -> syncOrders.sync(reference)).recorded().orElseThrow().outcome())
                            .isEqualTo(SyncRun.Outcome.SUCCEEDED);
                    Map<String, String> recovered = OrderSyncCrashIntegrationTests.storedStates(db, store);
                    Map<String, String> expected;
                    try (Connection main = DatabaseAccess.superuser(context)) {
                        expected = OrderSyncCrashIntegrationTests.storedStates(main, reference);
                    }
                    assertThat(recovered.keySet()).containsExactlyInAnyOrderElementsOf(seller.purchaseOrderIds());
                    assertThat(recovered).isEqualTo(expected);
                }
                Optional<ProcessHandle> postmaster = DatabaseAccess.embeddedPostmaster(dataDir);
                assertThat(postmaster).isPresent();
                // a supervisor's stop: the server shuts down cleanly and takes its postmaster with it
                server.stop();
                assertThat(postmaster.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS).isAlive())
                        .isFalse();
            }
        } finally {
            TestSandbox.walmart().faults().setLatencyMillis(0);
            DatabaseAccess.embeddedPostmaster(dataDir).ifPresent(ProcessHandle::destroyForcibly);
            System.out.println("Embedded crash test: " + String.join("\n", report));
        }
    }

    /** Syncs at once and a second after each, in small pages, with one-second heartbeats. */
    private static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("esm.sandbox.enabled", "false");
        // every connector at the test's simulators: the demo seed's stores must not reach out anywhere
        properties.put("esm.connectors.walmart.base-url", TestSandbox.walmart().baseUrl());
        properties.put("esm.connectors.walmart.page-size", "10");
        properties.put("esm.connectors.amazon.base-url", TestSandbox.amazon().baseUrl());
        properties.put("esm.connectors.amazon.token-url", TestSandbox.amazon().tokenUrl());
        properties.put("esm.connectors.ebay.base-url", TestSandbox.ebay().baseUrl());
        properties.put("esm.connectors.ebay.token-url", TestSandbox.ebay().tokenUrl());
        properties.put("esm.connectors.easypost.base-url", TestSandbox.easypost().baseUrl());
        properties.put("esm.orders.sync.scheduler", "true");
        // the listing sync (ADR 36) would add calls to the slowed simulators these kills are timed by
        properties.put("esm.catalog.sync.enabled", "false");
        properties.put("esm.orders.sync.interval", "1s");
        properties.put("esm.orders.sync.heartbeat", "1s");
        return properties;
    }

    private static void awaitHealthy(ServerProcess server, List<String> report) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.alive()) {
                throw new AssertionError("The server process exited (" + String.join("; ", report) + "); its log "
                        + server.log() + " ends:\n" + server.logTail(40));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The server was not healthy within " + HEALTHY_WITHIN + " ("
                + String.join("; ", report) + "); its log " + server.log() + " ends:\n" + server.logTail(40));
    }

    /** True once no run of the store is RUNNING except one this process started (within a few seconds of start). */
    private static boolean awaitNoRunning(Connection db, UUID store, ServerProcess server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Set<UUID> before = OrderSyncCrashIntegrationTests.runs(db, store).entrySet().stream()
                .filter(e -> e.getValue().outcome().equals("RUNNING")).map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toSet());
        while (System.nanoTime() < deadline) {
            Map<UUID, Run> now = OrderSyncCrashIntegrationTests.runs(db, store);
            if (before.stream().noneMatch(id -> now.get(id).outcome().equals("RUNNING"))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static Run await(ServerProcess server, Connection db, UUID store, Set<UUID> earlier,
                             Predicate<Run> wanted, List<String> report) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (Run candidate : OrderSyncCrashIntegrationTests.runs(db, store).values()) {
                if (!earlier.contains(candidate.id()) && wanted.test(candidate)) {
                    return candidate;
                }
            }
            if (!server.alive()) {
                throw new AssertionError("The server process died on its own (" + String.join("; ", report)
                        + "); its log " + server.log() + " ends:\n" + server.logTail(40));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("No such sync run of the server process (" + String.join("; ", report)
                + "); its log " + server.log() + " ends:\n" + server.logTail(40));
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (Files.exists(root)) {
            try (var walk = Files.walk(root)) {
                for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
