package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.stores.StoreCredentials;
import dev.esm.stores.Stores;

/**
 * Crash safety: a sync is cut off at random points, ten times, by terminating its database session mid-flight
 * (what PostgreSQL sees when the process dies: the open transaction is rolled back), while the marketplace keeps
 * changing. After a final sync every order is present exactly once, with its latest state.
 */
class OrderSyncCrashIntegrationTests extends IntegrationTest {

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    ApplicationContext context;

    @Test
    void syncsCutOffAtRandomPointsLeaveEveryOrderExactlyOnceWithItsLatestState() throws Exception {
        TestOperator owner = operators.create("Crash Seller");
        String clientId = "crash-" + UUID.randomUUID();
        WalmartSeller seller = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        seller.generateOrders(900, Duration.ofDays(8));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Crashing",
                new StoreCredentials.Walmart(clientId, seller.clientSecret()), "test").id());
        Random random = new Random(2026);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        int cutOff = 0;
        TestSandbox.walmart().faults().setLatencyMillis(40);
        try {
            for (int attempt = 0; attempt < 60 && cutOff < 10; attempt++) {
                Future<SyncRun> sync = executor.submit(() -> ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store)));
                Thread.sleep(random.nextInt(150));
                boolean killed = terminateSyncSessions() > 0;
                boolean failed;
                try {
                    failed = sync.get(60, TimeUnit.SECONDS).outcome() != SyncRun.Outcome.SUCCEEDED;
                } catch (java.util.concurrent.ExecutionException e) {
                    failed = true; // the cut-off sync failed, as a killed one would
                }
                if (killed && failed) {
                    cutOff++;
                }
                seller.tick(5, 10);
                assertThat(duplicates(store)).isZero();
            }
        } finally {
            TestSandbox.walmart().faults().setLatencyMillis(0);
            executor.shutdownNow();
        }
        assertThat(cutOff).as("syncs cut off mid-flight").isGreaterThanOrEqualTo(10);

        SyncRun last = ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store));
        assertThat(last.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(duplicates(store)).isZero();

        // the reference: the same seller synced once, cleanly, into a fresh store
        UUID reference = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Reference",
                new StoreCredentials.Walmart(clientId, seller.clientSecret()), "test").id());
        assertThat(ActingOperator.runAs(owner.id(), () -> syncOrders.sync(reference)).outcome())
                .isEqualTo(SyncRun.Outcome.SUCCEEDED);
        Map<String, String> recovered = storedStates(store);
        assertThat(recovered.keySet()).containsExactlyInAnyOrderElementsOf(seller.purchaseOrderIds());
        assertThat(recovered).isEqualTo(storedStates(reference));
    }

    /** Terminates the runtime role's sessions that are running a statement or sit in a transaction. */
    private int terminateSyncSessions() throws Exception {
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement kill = db.prepareStatement("""
                select count(pg_terminate_backend(pid)) from pg_stat_activity
                 where usename = ? and pid <> pg_backend_pid() and state in ('active', 'idle in transaction')""")) {
            kill.setString(1, DatabaseAccess.runtimeRoleName(context));
            try (ResultSet rows = kill.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private int duplicates(UUID store) throws Exception {
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement query = db.prepareStatement("""
                select count(*) from (select marketplace_order_id from esm.customer_order where store_id = ?
                 group by marketplace_order_id having count(*) > 1) d""")) {
            query.setObject(1, store);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Each order's id and everything synced about it, as the content hash the writer keeps. */
    private Map<String, String> storedStates(UUID store) throws Exception {
        Map<String, String> statuses = new HashMap<>();
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement query = db.prepareStatement(
                "select marketplace_order_id, encode(content_hash, 'hex') from esm.customer_order where store_id = ?")) {
            query.setObject(1, store);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    statuses.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return statuses;
    }
}
