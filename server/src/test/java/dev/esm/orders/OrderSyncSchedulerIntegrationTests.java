package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.orders.internal.OrderSyncScheduler;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;

/** Two scheduler nodes on one database share the syncs: never one store twice at once, and a dead node's is taken over. */
class OrderSyncSchedulerIntegrationTests extends IntegrationTest {

    @Autowired
    OrderSyncScheduler tasks;
    @Autowired
    DataSource dataSource;
    @Autowired
    Stores stores;
    @Autowired
    RequestSync requestSync;
    @Autowired
    ApplicationContext context;

    /**
     * Each sync run records when it started and ended (sync_run); no two runs of the store may overlap, checked over
     * every run in SQL rather than by sampling how many run at some moments.
     */
    @Test
    void twoNodesNeverRunOneStoresSyncAtTheSameTime() throws Exception {
        Store store = store(400);
        TestSandbox.walmart().faults().setLatencyMillis(40);
        Scheduler first = tasks.newNode(dataSource, "node-one");
        Scheduler second = tasks.newNode(dataSource, "node-two");
        try {
            first.start();
            second.start();
            for (int request = 0; request < 5; request++) {
                ActingOperator.runAs(store.owner().id(), () -> requestSync.syncNow(store.id()));
                Thread.sleep(100);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline
                    && (count(store.id(), "SUCCEEDED") == 0 || count(store.id(), "RUNNING") > 0)) {
                Thread.sleep(50);
            }
        } finally {
            TestSandbox.walmart().faults().setLatencyMillis(0);
            first.stop();
            second.stop();
        }
        assertThat(count(store.id(), "RUNNING")).as("runs still open").isZero();
        assertThat(count(store.id(), "SUCCEEDED")).isGreaterThanOrEqualTo(1);
        assertThat(queryInt("select count(*) from esm.sync_run where store_id = ? and finished_at is null", store.id(),
                null)).as("runs without an end").isZero();
        assertThat(queryInt("""
                select count(*) from esm.sync_run a join esm.sync_run b on b.store_id = a.store_id and b.id <> a.id
                 where a.store_id = ?
                   and tstzrange(a.started_at, a.finished_at, '[)') && tstzrange(b.started_at, b.finished_at, '[)')""",
                store.id(), null)).as("pairs of runs of the store that overlap in time").isZero();
        assertThat(orders(store.id())).isEqualTo(400);
    }

    @Test
    void aSyncLeftByADeadNodeIsTakenOverByALiveOne() throws Exception {
        Store store = store(120);
        // what a node that died mid-sync leaves behind: the store's task picked by it, its heartbeat long stopped
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement dead = db.prepareStatement("""
                insert into esm.scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, picked_by,
                                                 last_heartbeat, version)
                values ('order-sync', ?, ?, now() - interval '1 hour', true, 'dead-node', now() - interval '1 hour', 1)
                on conflict (task_name, task_instance) do update set picked = true, picked_by = 'dead-node',
                    last_heartbeat = now() - interval '1 hour', execution_time = now() - interval '1 hour'""")) {
            dead.setString(1, store.id().toString());
            dead.setBytes(2, new com.github.kagkarlsson.scheduler.serializer.JavaSerializer().serialize(store.owner().id()));
            dead.executeUpdate();
        }
        Scheduler survivor = tasks.newNode(dataSource, "survivor", Duration.ofSeconds(1));
        try {
            survivor.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (count(store.id(), "SUCCEEDED") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        } finally {
            survivor.stop();
        }
        assertThat(count(store.id(), "SUCCEEDED")).isEqualTo(1);
        assertThat(orders(store.id())).isEqualTo(120);
    }

    private record Store(TestOperator owner, UUID id) {
    }

    private Store store(int orders) {
        TestOperator owner = operators.create("Scheduled Seller");
        String clientId = "scheduled-" + UUID.randomUUID();
        WalmartSeller seller = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        seller.generateOrders(orders, Duration.ofDays(5));
        UUID id = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Scheduled",
                new StoreCredentials.Walmart(clientId, seller.clientSecret()), "test").id());
        return new Store(owner, id);
    }

    private int count(UUID store, String outcome) throws Exception {
        return queryInt("select count(*) from esm.sync_run where store_id = ? and outcome = ?", store, outcome);
    }

    private int orders(UUID store) throws Exception {
        return queryInt("select count(*) from esm.customer_order where store_id = ?", store, null);
    }

    private int queryInt(String sql, UUID store, String outcome) throws Exception {
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, store);
            if (outcome != null) {
                query.setString(2, outcome);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
