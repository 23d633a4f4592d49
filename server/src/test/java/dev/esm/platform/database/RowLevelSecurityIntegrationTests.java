package dev.esm.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.TestSandbox;
import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.platform.ActingOperator;
import dev.esm.shared.Marketplace;
import dev.esm.stores.StoreCredentials;
import dev.esm.stores.StoreInvitations;
import dev.esm.stores.Stores;
import dev.esm.stores.TestGrants;

/** The database itself keeps operators apart, whatever the application code does. */
class RowLevelSecurityIntegrationTests extends IntegrationTest {

    /** Tables that hold no operator or store data, and why. */
    static final Set<String> PLATFORM_TABLES = Set.of(
            "flyway_schema_history",      // migration bookkeeping
            "spring_session",             // sessions: read before anyone is known; keyed by a random id
            "spring_session_attributes",  // the same sessions' attributes
            "login_throttle",             // counts keyed by hashes only
            "login_familiar",             // (account, address) pairs that signed in, by hash only (ADR 14)
            "scheduled_tasks",            // jobs: a store id and the operator id a sync acts for
            "rate_bucket",                // marketplace quotas: a store id, an operation and token counts (ADR 8)
            "event_publication",          // the events outbox: ids and facts only, no names or secrets (ADR 24)
            "event_publication_archive");  // its archive (unused while completed publications are deleted)

    @Autowired
    ApplicationContext context;
    @Autowired
    Stores stores;
    @Autowired
    StoreInvitations invitations;

    @Test
    void everyTableWithOperatorOrStoreDataHasRowLevelSecurityEnabledAndForced() throws SQLException {
        List<String> tables = tenantTables();
        assertThat(tables).contains("operator", "store", "store_access", "data_key", "api_token", "audit_event");
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("""
                     select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c
                      join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'esm' and c.relkind = 'r'""")) {
            while (rows.next()) {
                if (tables.contains(rows.getString(1))) {
                    assertThat(rows.getBoolean(2)).as("RLS enabled on " + rows.getString(1)).isTrue();
                    assertThat(rows.getBoolean(3)).as("RLS forced on " + rows.getString(1)).isTrue();
                }
            }
        }
    }

    @Test
    void runtimeRoleIsNeitherSuperuserNorOwnerAndCannotBypassRowLevelSecurity() throws SQLException {
        String role = DatabaseAccess.runtimeRoleName(context);
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select rolsuper, rolbypassrls, "
                     + "(select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                     + "  where n.nspname = 'esm' and pg_get_userbyid(c.relowner) = r.rolname) "
                     + "from pg_roles r where rolname = '" + role + "'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean(1)).as("superuser").isFalse();
            assertThat(rows.getBoolean(2)).as("bypassrls").isFalse();
            assertThat(rows.getLong(3)).as("objects owned").isZero();
        }
        try (Connection app = DatabaseAccess.runtimeRole(context); Statement sql = app.createStatement();
             ResultSet rows = sql.executeQuery("select current_user")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(role).isNotEqualTo(DatabaseAccess.ownerRoleName(context));
        }
    }

    @Test
    void runtimeRoleWithNoOperatorSetSeesNoRowOfAnyTenantTable() throws SQLException {
        TestOperator owner = operators.create("Rows Owner");
        ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Rows Store",
                TestSandbox.walmartCredentials(), "test"));
        try (Connection app = DatabaseAccess.runtimeRole(context); Statement sql = app.createStatement()) {
            for (String table : tenantTables()) {
                assertThat(count(sql, "select count(*) from esm." + table)).as(table).isZero();
            }
            // after a transaction that set an operator has ended, the setting reads back as '' and still matches nothing
            app.setAutoCommit(false);
            sql.execute("select set_config('esm.operator_id', '" + owner.id() + "', true)");
            assertThat(count(sql, "select count(*) from esm.store")).isEqualTo(1);
            app.commit();
            app.setAutoCommit(true);
            for (String table : tenantTables()) {
                assertThat(count(sql, "select count(*) from esm." + table)).as(table + " after commit").isZero();
            }
        }
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            assertThat(count(sql, "select count(*) from esm.store")).isPositive();
        }
    }

    @Test
    void eachOperatorSeesAndChangesOnlyItsOwnRowsInEveryTenantTable() throws SQLException {
        TestOperator alice = operators.create("Alice Rows");
        TestOperator bob = operators.create("Bob Rows");
        UUID aliceStore = ActingOperator.runAs(alice.id(), () -> stores.add(Marketplace.WALMART, "Alice Rows Store",
                TestSandbox.walmartCredentials(), "test").id());
        UUID bobStore = ActingOperator.runAs(bob.id(), () -> stores.add(Marketplace.EBAY, "Bob Rows Store",
                new StoreCredentials.Ebay("b-token"), "test").id());
        try (Connection app = DatabaseAccess.runtimeRole(context); Statement sql = app.createStatement()) {
            app.setAutoCommit(false);
            actAs(sql, alice.id());
            assertThat(ids(sql, "select id from esm.store")).containsExactly(aliceStore);
            assertThat(ids(sql, "select id from esm.operator")).containsExactly(alice.id());
            assertThat(ids(sql, "select store_id from esm.data_key")).containsExactly(aliceStore);
            assertThat(sql.executeUpdate("update esm.store set name = 'taken' where id = '" + bobStore + "'")).isZero();
            assertThat(sql.executeUpdate("delete from esm.store where id = '" + bobStore + "'")).isZero();
            assertThat(sql.executeUpdate("delete from esm.operator where id = '" + bob.id() + "'")).isZero();
            assertThatThrownBy(() -> sql.executeUpdate("insert into esm.store (id, owner_id, marketplace, name) values ('"
                    + UUID.randomUUID() + "', '" + bob.id() + "', 'EBAY', 'planted')"))
                    .hasMessageContaining("row-level security");
            app.rollback();
            actAs(sql, bob.id());
            assertThat(ids(sql, "select id from esm.store")).containsExactly(bobStore);
            app.rollback();
        }
    }

    @Test
    void grantedOperatorSeesExactlyTheGrantedStoreAndCannotChangeIt() throws SQLException {
        TestOperator owner = operators.create("Grant Owner");
        TestOperator member = operators.create("Grant Member");
        UUID shared = ActingOperator.runAs(owner.id(), () -> {
            UUID id = stores.add(Marketplace.WALMART, "Shared", TestSandbox.walmartCredentials(), "test").id();
            stores.add(Marketplace.AMAZON, "Not shared", null, "test");
            return id;
        });
        TestGrants.grant(invitations, owner.id(), shared, member);
        try (Connection app = DatabaseAccess.runtimeRole(context); Statement sql = app.createStatement()) {
            app.setAutoCommit(false);
            actAs(sql, member.id());
            assertThat(ids(sql, "select id from esm.store")).containsExactly(shared);
            assertThat(sql.executeUpdate("update esm.store set name = 'mine now' where id = '" + shared + "'")).isZero();
            assertThat(sql.executeUpdate("delete from esm.store where id = '" + shared + "'")).isZero();
            app.rollback();
        }
    }

    /** The one cross-tenant read of the order list (a SECURITY DEFINER function) keeps to the visible stores. */
    @Test
    void buyerNameSearchFunctionFindsOrdersOnlyInStoresTheOperatorSees() throws SQLException {
        TestOperator alice = operators.create("Alice Search");
        TestOperator bob = operators.create("Bob Search");
        TestOperator member = operators.create("Member Search");
        UUID aliceStore = ActingOperator.runAs(alice.id(), () -> stores.add(Marketplace.WALMART, "Alice Search Store",
                TestSandbox.walmartCredentials(), "test").id());
        UUID bobStore = ActingOperator.runAs(bob.id(), () -> {
            UUID id = stores.add(Marketplace.WALMART, "Bob Search Store", TestSandbox.walmartCredentials(), "test").id();
            return id;
        });
        TestGrants.grant(invitations, bob.id(), bobStore, member);
        UUID aliceOrder = UUID.randomUUID();
        UUID bobOrder = UUID.randomUUID();
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            for (UUID[] order : new UUID[][] {{aliceOrder, aliceStore}, {bobOrder, bobStore}}) {
                sql.execute("insert into esm.customer_order (id, store_id, marketplace_order_id, status, marketplace_status,"
                        + " ordered_at, marketplace_updated_at, currency, total, skus, content_hash) values ('" + order[0]
                        + "', '" + order[1] + "', 'S-" + order[0] + "', 'UNSHIPPED', 'Created', now(), now(), 'USD', 1, '{}', '\\x00')");
                sql.execute("insert into esm.order_buyer (order_id, store_id, sealed, name_index) values ('" + order[0]
                        + "', '" + order[1] + "', '\\x00', '{term-a,term-b}')");
            }
        }
        String search = "select esm.orders_by_buyer_name(array['" + aliceStore + "', '" + bobStore
                + "']::uuid[], array['term-a', 'term-b', 'term-a', 'term-b'], 2)";
        try (Connection app = DatabaseAccess.runtimeRole(context); Statement sql = app.createStatement()) {
            assertThat(ids(sql, search)).isEmpty();
            app.setAutoCommit(false);
            actAs(sql, alice.id());
            assertThat(ids(sql, search)).containsExactly(aliceOrder);
            assertThat(ids(sql, search.replace("'term-b', 'term-a'", "'term-c', 'term-a'"))).isEmpty();
            app.rollback();
            actAs(sql, member.id());
            assertThat(ids(sql, search)).containsExactly(bobOrder);
            app.rollback();
            actAs(sql, bob.id());
            assertThat(ids(sql, search)).containsExactly(bobOrder);
            app.rollback();
        }
    }

    private List<String> tenantTables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select tablename from pg_tables where schemaname = 'esm'")) {
            while (rows.next()) {
                if (!PLATFORM_TABLES.contains(rows.getString(1))) {
                    tables.add(rows.getString(1));
                }
            }
        }
        return tables;
    }

    private static void actAs(Statement sql, UUID operator) throws SQLException {
        sql.execute("select set_config('esm.operator_id', '" + operator + "', true)");
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<UUID> ids(Statement sql, String query) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        }
        return ids;
    }
}
