package dev.esm.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.ServerProcess;
import dev.esm.TestSandbox;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.platform.database.DatabaseAccess.SiblingDatabase;
import dev.esm.shipping.TestShipping;
import dev.esm.shipping.TestShipping.Shop;

/**
 * An account deletion survives the death of its node (ADR 34): the server runs as a child OS process on a database of
 * its own holding a synced store's owner, store, data key and orders (20,000 more orders added, so that deleting them
 * takes many transactions), with the account marked for deletion and its {@code account-deletion} job queued, as the
 * account page leaves them. The child is SIGKILLed half-way, when the store's data key is already destroyed and some
 * but not all orders are deleted, twice; each restarted child takes the dead node's job over once its lease ran out and
 * goes on. After the last start nothing of the operator is left in any table. Children's logs in
 * {@code server/target/deletion-crash-processes}.
 */
class AccountDeletionCrashIntegrationTests extends IntegrationTest {

    private static final int KILLS = 2;
    private static final int MAX_STARTS = 6;
    private static final int EXTRA_ORDERS = 20_000;
    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final Path LOGS = Path.of("target", "deletion-crash-processes");

    @Autowired
    TestShipping shipping;
    @Autowired
    ApplicationContext context;

    @Test
    void aNodeKilledHalfWayThroughADeletionFinishesItOnRestart() throws Exception {
        Shop shop = shipping.shop("Crash Leaver", 3);
        UUID operator = shop.owner().id();
        UUID store = shop.store();
        ServerProcess.clearLogs(LOGS);
        try (SiblingDatabase database = DatabaseAccess.createSibling(context, "esm_delete_crash");
             Connection db = database.superuser(); Statement sql = db.createStatement()) {
            database.copyRows(context, "esm.operator", "id", operator);
            database.copyRows(context, "esm.store", "id", store);
            database.copyRows(context, "esm.data_key", "store_id", store);
            database.copyRows(context, "esm.customer_order", "store_id", store);
            database.copyRows(context, "esm.order_line", "store_id", store);
            database.copyRows(context, "esm.order_buyer", "store_id", store);
            database.copyRows(context, "esm.order_sync", "store_id", store);
            sql.execute("insert into esm.customer_order (id, store_id, marketplace_order_id, status, marketplace_status,"
                    + " ordered_at, marketplace_updated_at, currency, total, skus, content_hash)"
                    + " select gen_random_uuid(), '" + store + "', 'CRASH-' || g, 'UNSHIPPED', 'Created', now(), now(),"
                    + " 'USD', 1, '{}', '\\x00' from generate_series(1, " + EXTRA_ORDERS + ") g");
            // as Accounts.delete leaves it: marked, and its job queued
            sql.execute("update esm.operator set deletion_requested_at = now() where id = '" + operator + "'");
            sql.execute("insert into esm.job (id, kind, subject, owner_id) values (gen_random_uuid(), 'account-deletion', '"
                    + operator + "', '" + operator + "')");
            long total = value(sql, "select count(*) from esm.customer_order where store_id = '" + store + "'");
            assertThat(total).isGreaterThan(EXTRA_ORDERS);

            Map<String, String> environment = ServerProcess.nodeEnvironment(database, LOGS.resolve("data"));
            Map<String, String> properties = properties();
            List<String> starts = new ArrayList<>();
            int halfWay = 0;
            long lastOrders = total;
            for (int start = 1; start <= MAX_STARTS && halfWay < KILLS; start++) {
                try (ServerProcess server = ServerProcess.start(environment, properties,
                        LOGS.resolve("server-" + start + ".log"))) {
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    boolean killed = false;
                    while (System.nanoTime() < deadline && !killed) {
                        assertThat(server.alive()).as(server.logTail(40)).isTrue();
                        if (value(sql, "select count(*) from esm.operator where id = '" + operator + "'") == 0) {
                            break;
                        }
                        long keys = value(sql, "select count(*) from esm.data_key where store_id = '" + store + "'");
                        long orders = value(sql, "select count(*) from esm.customer_order where store_id = '" + store + "'");
                        if (keys == 0 && orders > 0 && orders < lastOrders) {
                            server.kill();
                            killed = true;
                            halfWay++;
                            starts.add("start " + start + ": killed with the key destroyed and " + orders + " of "
                                    + total + " orders left");
                            lastOrders = orders;
                        } else {
                            Thread.sleep(5);
                        }
                    }
                    if (!killed) {
                        starts.add("start " + start + ": no kill half-way");
                    }
                }
            }
            assertThat(halfWay).as("kills half-way: " + starts).isGreaterThanOrEqualTo(KILLS);
            try (ServerProcess server = ServerProcess.start(environment, properties, LOGS.resolve("server-last.log"))) {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (value(sql, "select count(*) from esm.operator where id = '" + operator + "'") > 0) {
                    assertThat(System.nanoTime()).as("the deletion finished after the restart; " + starts
                            + "\n" + server.logTail(40)).isLessThan(deadline);
                    assertThat(server.alive()).as(server.logTail(40)).isTrue();
                    Thread.sleep(100);
                }
            }
            System.out.println("Deletion crash test: " + starts);
            String pattern = operator + "|" + store + "|" + shop.owner().email().replace(".", "\\.");
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("select tablename from pg_tables where schemaname = 'esm'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                assertThat(value(sql, "select count(*) from esm." + table + " t where t::text ~* '" + pattern + "'"))
                        .as("rows of the deleted operator left in " + table + "; " + starts).isZero();
            }
        }
    }

    private static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("esm.sandbox.enabled", "false");
        properties.put("esm.connectors.walmart.base-url", TestSandbox.walmart().baseUrl());
        properties.put("esm.orders.sync.scheduler", "false");
        properties.put("esm.jobs.idle-poll", "500ms");
        properties.put("esm.jobs.heartbeat", "2s");
        return properties;
    }

    private static long value(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
