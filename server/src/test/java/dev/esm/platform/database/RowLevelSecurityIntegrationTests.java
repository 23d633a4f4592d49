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
import dev.esm.marketplace.StoreCredentials;
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
            "job",                       // jobs (ADR 23): a kind, a subject id, the owner id, counters, times
            "event_publication",          // the events outbox: ids and facts only, no names or secrets (ADR 24)
            "event_publication_archive",  // its archive (unused while completed publications are deleted)
            "account_deletion_notice");   // a marketplace's notice: its id, counts, account ids sealed (ADR 33)

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
        TenantWorld world = TenantWorld.fill(context, "Rows Owner");
        List<String> tables = rowLevelSecuredTables();
        // every tenant table holds rows, so that "none visible" means something
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            for (String table : tables) {
                assertThat(count(sql, "select count(*) from esm." + table + " t where " + ownedBy(db, table, world)))
                        .as("rows of the filled operator in " + table).isPositive();
            }
        }
        try (Connection app = DatabaseAccess.runtimeRole(context); Statement sql = app.createStatement()) {
            for (String table : tables) {
                assertThat(count(sql, "select count(*) from esm." + table)).as(table).isZero();
            }
            // after a transaction that set an operator has ended, the setting reads back as '' and still matches nothing
            app.setAutoCommit(false);
            sql.execute("select set_config('esm.operator_id', '" + world.owner().id() + "', true)");
            assertThat(count(sql, "select count(*) from esm.store")).isEqualTo(1);
            app.commit();
            app.setAutoCommit(true);
            for (String table : tables) {
                assertThat(count(sql, "select count(*) from esm." + table)).as(table + " after commit").isZero();
            }
        }
    }

    /**
     * Two operators, each with rows in every tenant table (written through the product's own flows, see
     * {@link TenantWorld}); the tenant tables are the ones with row-level security, as the database says, so a new one
     * cannot be forgotten: it fails here until the fill writes rows into it. From each side (the owner, and the member
     * the store was shared with) no row of the other operator is visible, updatable or deletable, and the owner sees
     * its own rows in every table.
     */
    @Test
    void everyTenantTableHoldsRowsOfTwoOperatorsAndEachSeesAndChangesOnlyItsOwn() throws SQLException {
        TenantWorld alice = TenantWorld.fill(context, "Alice World");
        TenantWorld bob = TenantWorld.fill(context, "Bob World");
        List<String> tables = rowLevelSecuredTables();
        assertThat(tables).containsAll(tenantTables());
        System.out.printf("Tenant tables (row-level security on), each filled for two operators: %d %s%n",
                tables.size(), tables);
        java.util.Map<String, String> ofAlice = new java.util.HashMap<>();
        java.util.Map<String, String> ofBob = new java.util.HashMap<>();
        java.util.Map<String, String> anyColumn = new java.util.HashMap<>();
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            for (String table : tables) {
                anyColumn.put(table, uuidColumns(db, table).stream().findFirst().orElse("ctid"));
                ofAlice.put(table, ownedBy(db, table, alice));
                ofBob.put(table, ownedBy(db, table, bob));
                assertThat(count(sql, "select count(*) from esm." + table + " t where " + ofAlice.get(table)))
                        .as("Alice's rows in " + table).isPositive();
                assertThat(count(sql, "select count(*) from esm." + table + " t where " + ofBob.get(table)))
                        .as("Bob's rows in " + table).isPositive();
            }
        }
        try (Connection app = DatabaseAccess.runtimeRole(context); Statement sql = app.createStatement()) {
            app.setAutoCommit(false);
            for (var side : List.of(List.of(alice, bob), List.of(bob, alice))) {
                TenantWorld mine = side.get(0);
                var others = mine == alice ? ofBob : ofAlice;
                var own = mine == alice ? ofAlice : ofBob;
                for (TestOperator viewer : List.of(mine.owner(), mine.member())) {
                    actAs(sql, viewer.id());
                    for (String table : tables) {
                        String what = table + " as " + (viewer == mine.owner() ? "owner " : "member ") + viewer.email();
                        assertThat(count(sql, "select count(*) from esm." + table + " t where " + others.get(table)))
                                .as("the other operator's rows visible in " + what).isZero();
                        if (viewer == mine.owner()) {
                            assertThat(count(sql, "select count(*) from esm." + table + " t where " + own.get(table)))
                                    .as("own rows visible in " + what).isPositive();
                        }
                        assertThat(changed(app, sql, "delete from esm." + table + " t where " + others.get(table)))
                                .as("the other operator's rows deleted in " + what).isZero();
                        assertThat(changed(app, sql, "update esm." + table + " t set " + anyColumn.get(table)
                                + " = " + anyColumn.get(table) + " where " + others.get(table)))
                                .as("the other operator's rows updated in " + what).isZero();
                    }
                    app.rollback();
                }
            }
        }
    }

    @Test
    void eachOperatorSeesAndChangesOnlyItsOwnStoreAndCannotPlantOneForAnother() throws SQLException {
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

    /** The tables of schema esm with row-level security enabled: the tenant tables, as the database knows them. */
    private List<String> rowLevelSecuredTables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("""
                     select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                      where n.nspname = 'esm' and c.relkind in ('r', 'p') and c.relrowsecurity order by 1""")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        assertThat(tables).as("tenant tables").isNotEmpty();
        return tables;
    }

    /** The uuid columns of an esm table, in column order. */
    private static List<String> uuidColumns(Connection db, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (var query = db.prepareStatement("""
                select column_name from information_schema.columns
                 where table_schema = 'esm' and table_name = ? and data_type = 'uuid' order by ordinal_position""")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
        }
        return columns;
    }

    /**
     * A condition on {@code t} (a row of the table) that holds when any of its uuid columns names one of the world's
     * operators or its store; "false" for a table without uuid columns (whose rows then count for no one).
     */
    private static String ownedBy(Connection db, String table, TenantWorld world) throws SQLException {
        String ids = world.ids().stream().map(UUID::toString).collect(java.util.stream.Collectors.joining(",", "'{", "}'"));
        return uuidColumns(db, table).stream().map(column -> "t." + column + " = any(" + ids + "::uuid[])")
                .reduce((a, b) -> a + " or " + b).map(condition -> "(" + condition + ")").orElse("false");
    }

    /** Rows a statement changed, in a savepoint undone afterwards; 0 when the runtime role may not run it at all. */
    private static int changed(Connection app, Statement sql, String statement) throws SQLException {
        var savepoint = app.setSavepoint();
        try {
            return sql.executeUpdate(statement);
        } catch (SQLException e) {
            assertThat(e.getSQLState()).as(statement + ": " + e.getMessage()).isEqualTo("42501"); // insufficient privilege
            return 0;
        } finally {
            app.rollback(savepoint);
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
