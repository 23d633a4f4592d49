package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.platform.database.DatabaseAccess.SiblingDatabase;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;
import dev.esm.orders.internal.SyncOrders;

/**
 * Crash safety: the ESM server runs as a child OS process and is killed with SIGKILL at random points while it syncs a
 * store, at least ten times, and restarted after each kill, while the marketplace keeps changing. After a last restart
 * every order is present exactly once, with its latest state: the same as a clean sync of the same seller into a fresh
 * store.
 * <p>
 * The child processes use a database of their own on the test database's server (the store, its owner and its data
 * key copied into it), so that they sync this store only and not the stores other tests left in the shared database.
 * A kill counts only when it landed mid-sync: the run the child had started was left RUNNING after at least one page had
 * been committed. The children's output is in {@code server/target/crash-processes}; a failure names the random seed,
 * which {@code -Desm.crash.seed} replays (as far as timing allows).
 */
class OrderSyncCrashIntegrationTests extends IntegrationTest {

    private static final int KILLS = 10;
    private static final int MAX_STARTS = 30;
    private static final int ORDERS = 400;
    private static final int PAGE_SIZE = 10;
    private static final long LATENCY_MILLIS = 20;
    private static final int MAX_KILL_DELAY_MILLIS = 1200;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Path LOGS = Path.of("target", "crash-processes");

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    ApplicationContext context;

    @Test
    void serverProcessesKilledMidSyncLeaveEveryOrderExactlyOnceWithItsLatestState() throws Exception {
        TestOperator owner = operators.create("Crash Seller");
        String clientId = "crash-" + UUID.randomUUID();
        WalmartSeller seller = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        seller.generateOrders(ORDERS, Duration.ofDays(8));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Crashing",
                new StoreCredentials.Walmart(clientId, seller.clientSecret()), "test").id());
        ServerProcess.clearLogs(LOGS);
        long seed = Long.getLong("esm.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        String run = "seed " + seed;
        long began = System.nanoTime();

        try (SiblingDatabase database = DatabaseAccess.createSibling(context, "esm_crash");
             Connection db = database.superuser()) {
            // the store, its owner and its data key (the credentials are sealed with it), and nothing else
            database.copyRows(context, "esm.operator", "id", owner.id());
            database.copyRows(context, "esm.store", "id", store);
            database.copyRows(context, "esm.data_key", "store_id", store);
            Map<String, String> environment = ServerProcess.nodeEnvironment(database, LOGS.resolve("data"));
            Map<String, String> properties = properties();

            List<String> kills = new ArrayList<>();
            int midSync = 0;
            int starts = 0;
            TestSandbox.walmart().faults().setLatencyMillis(LATENCY_MILLIS);
            try {
                while (midSync < KILLS && starts < MAX_STARTS) {
                    starts++;
                    Set<UUID> earlier = runs(db, store).keySet();
                    long started = System.nanoTime();
                    long killDelay;
                    // mostly after this process's sync has committed its first page, sometimes anywhere from the
                    // moment it began (before its first commit too: such a kill does not count)
                    boolean anywhere = random.nextInt(5) == 0;
                    try (ServerProcess server = ServerProcess.start(environment, properties,
                            LOGS.resolve("server-" + starts + ".log"))) {
                        await(server, db, store, earlier, r -> anywhere || r.pages() > 0, run);
                        killDelay = random.nextInt(MAX_KILL_DELAY_MILLIS);
                        Thread.sleep(killDelay);
                        server.kill();
                    }
                    List<Run> left = runs(db, store).values().stream()
                            .filter(r -> !earlier.contains(r.id())).toList();
                    boolean cutOff = left.stream().anyMatch(r -> r.outcome().equals("RUNNING") && r.pages() > 0);
                    if (cutOff) {
                        midSync++;
                    }
                    kills.add("start %d: %d ms to a sync%s, killed %d ms later, runs %s, cursor %s%s".formatted(starts,
                            Duration.ofNanos(System.nanoTime() - started).toMillis() - killDelay,
                            anywhere ? "" : "'s first page", killDelay, left, window(db, store),
                            cutOff ? " <- mid-sync" : ""));
                    assertThat(duplicateOrders(db, store)).as(run).isZero();
                    // the marketplace moves on while the server is down
                    seller.tick(20, 100);
                }
            } finally {
                TestSandbox.walmart().faults().setLatencyMillis(0);
            }
            String report = run + ", " + Duration.ofNanos(System.nanoTime() - began).toSeconds() + " s:\n"
                    + String.join("\n", kills);
            System.out.println("Crash test " + report);
            assertThat(midSync).as("server processes killed mid-sync; " + report).isGreaterThanOrEqualTo(KILLS);

            // restarted once more, the server picks up where the last kill left the store and syncs it up to now
            Set<UUID> earlier = runs(db, store).keySet();
            try (ServerProcess server = ServerProcess.start(environment, properties, LOGS.resolve("server-last.log"))) {
                await(server, db, store, earlier, r -> r.outcome().equals("SUCCEEDED"), report);
            }
            assertThat(duplicateOrders(db, store)).as(report).isZero();
            assertThat(duplicateStatusChanges(db, store)).as(report).isZero();

            // the reference: the same seller synced once, cleanly, into a fresh store in the test's own server, of
            // another operator (one operator cannot connect the same seller account to two stores)
            TestOperator referee = operators.create("Crash Reference");
            UUID reference = ActingOperator.runAs(referee.id(), () -> stores.add(Marketplace.WALMART, "Reference",
                    new StoreCredentials.Walmart(clientId, seller.clientSecret()), "test").id());
            assertThat(ActingOperator.runAs(referee.id(), () -> syncOrders.sync(reference)).recorded().orElseThrow().outcome())
                    .isEqualTo(SyncRun.Outcome.SUCCEEDED);
            Map<String, String> recovered = storedStates(db, store);
            Map<String, String> expected;
            try (Connection main = DatabaseAccess.superuser(context)) {
                expected = storedStates(main, reference);
            }
            assertThat(recovered.keySet()).as(report).containsExactlyInAnyOrderElementsOf(seller.purchaseOrderIds());
            assertThat(recovered).as(report).isEqualTo(expected);
        }
    }

    /**
     * Syncs at once, again a second after each success, in small pages from the slowed-down simulator (so that a sync
     * spans many transactions), and a dead process's sync is revived after six missed one-second heartbeats.
     */
    private static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("esm.sandbox.enabled", "false");
        properties.put("esm.connectors.walmart.base-url", TestSandbox.walmart().baseUrl());
        properties.put("esm.connectors.walmart.page-size", String.valueOf(PAGE_SIZE));
        properties.put("esm.orders.sync.scheduler", "true");
        // the listing sync (ADR 36) would add calls to the slowed simulators these kills are timed by
        properties.put("esm.catalog.sync.enabled", "false");
        properties.put("esm.orders.sync.interval", "1s");
        properties.put("esm.orders.sync.heartbeat", "1s");
        return properties;
    }

    record Run(UUID id, String outcome, int pages) {
        @Override
        public String toString() {
            return outcome + "@" + pages;
        }
    }

    /** Waits for a run of this process (one not among {@code earlier}) that matches. */
    private static Run await(ServerProcess server, Connection db, UUID store, Set<UUID> earlier, Predicate<Run> wanted,
                             String report) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Run candidate : runs(db, store).values()) {
                if (!earlier.contains(candidate.id()) && wanted.test(candidate)) {
                    return candidate;
                }
            }
            if (!server.alive()) {
                throw new AssertionError("The server process died on its own (" + report + "); its log "
                        + server.log() + " ends:\n" + server.logTail(40));
            }
            Thread.sleep(5);
        }
        throw new AssertionError("No sync run of the server process within " + START_TIMEOUT + " (" + report
                + "); its log " + server.log() + " ends:\n" + server.logTail(40));
    }

    static Map<UUID, Run> runs(Connection db, UUID store) throws SQLException {
        Map<UUID, Run> runs = new LinkedHashMap<>();
        try (PreparedStatement query = db.prepareStatement(
                "select id, outcome, pages from esm.sync_run where store_id = ? order by started_at")) {
            query.setObject(1, store);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    runs.put(id, new Run(id, rows.getString(2), rows.getInt(3)));
                }
            }
        }
        return runs;
    }

    /** The window of last-modified times the store's sync stands in (the Walmart cursor without Walmart's own). */
    private static String window(Connection db, UUID store) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select cursor from esm.order_sync where store_id = ?")) {
            query.setObject(1, store);
            try (ResultSet rows = query.executeQuery()) {
                String cursor = rows.next() ? rows.getString(1) : null;
                return cursor == null ? "none" : String.join("|", List.of(cursor.split("\\|")).subList(0,
                        Math.min(3, cursor.split("\\|").length)));
            }
        }
    }

    static int duplicateOrders(Connection db, UUID store) throws SQLException {
        return count(db, """
                select count(*) from (select marketplace_order_id from esm.customer_order where store_id = ?
                 group by marketplace_order_id having count(*) > 1) d""", store);
    }

    /** A page written twice would record its status changes twice. */
    static int duplicateStatusChanges(Connection db, UUID store) throws SQLException {
        return count(db, """
                select count(*) from (select order_id from esm.order_status_change where store_id = ?
                 group by order_id, at, status, marketplace_status having count(*) > 1) d""", store);
    }

    private static int count(Connection db, String sql, UUID store) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, store);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /**
     * Each order's id and everything synced about it: the content hash the writer keeps, the status, the lines (so a
     * line written twice shows) and whether a buyer is kept (sealed per store, so only its presence compares).
     */
    static Map<String, String> storedStates(Connection db, UUID store) throws SQLException {
        Map<String, String> states = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement("""
                select o.marketplace_order_id,
                       encode(o.content_hash, 'hex') || ' ' || o.status || ' lines:' ||
                       coalesce((select string_agg(l.line_number || '/' || coalesce(l.sku, '') || '/' || l.quantity
                                                   || '/' || l.unit_price || '/' || l.status, ',' order by l.line_number)
                                   from esm.order_line l where l.order_id = o.id), '') ||
                       ' buyers:' || (select count(*) from esm.order_buyer b where b.order_id = o.id)
                  from esm.customer_order o where o.store_id = ?""")) {
            query.setObject(1, store);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return states;
    }
}
