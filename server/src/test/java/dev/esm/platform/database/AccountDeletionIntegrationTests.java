package dev.esm.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.IntegrationTest;
import dev.esm.WebClient;
import dev.esm.accounts.AccountException;
import dev.esm.accounts.Accounts;
import dev.esm.accounts.ApiTokens;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.quota.QuotaBuckets;
import dev.esm.shipping.internal.PacedProvider;
import dev.esm.shipping.internal.ProviderKeys;

/**
 * Deleting an account (ADR 34) leaves nothing of the operator in any table, and nothing of another operator is touched.
 * Both operators first get rows in every tenant table through the product's own flows ({@link TenantWorld}: stores,
 * orders, buyers, shipments, labels, pushes, batches, grants, invitations, tokens, an export), plus a signed-in session,
 * scheduled syncs, rate buckets (store, seller account, API key), jobs and audit entries; every one of those tables must
 * hold rows of both before the deletion. Afterwards no row of any table of schema {@code esm} holds the deleted
 * operator's id, their store's id or their email anywhere in its text, and none of their rate buckets is left (those
 * are keyed by hashes of the seller account and API key, so they are looked for by their key prefixes); the other
 * operator's rows are all still there.
 */
class AccountDeletionIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiTokens tokens;
    @Autowired
    QuotaBuckets quotas;
    @Autowired
    ProviderKeys providerKeys;
    @Autowired
    TransactionTemplate transactions;

    /**
     * Platform tables that must hold rows of an operator before the deletion, found by value (ids in their text);
     * rate_bucket is checked by its key prefixes instead (its seller-account and API-key buckets are keyed by hashes).
     */
    static final List<String> PLATFORM_TABLES_WITH_ROWS = List.of("spring_session", "scheduled_tasks", "job",
            "audit_event");

    @Test
    void nothingOfTheDeletedOperatorRemainsInAnyTableAndTheOtherOperatorKeepsEverything() throws Exception {
        TenantWorld bob = TenantWorld.fill(context, "Bob Stays");
        TenantWorld alice = TenantWorld.fill(context, "Alice Leaves");
        WebClient aliceBrowser = new WebClient("http://localhost:" + port);
        assertThat(aliceBrowser.signIn(alice.owner().email(), alice.owner().password()).status()).isEqualTo(302);
        WebClient bobBrowser = new WebClient("http://localhost:" + port);
        bobBrowser.signIn(bob.owner().email(), bob.owner().password());
        String aliceToken = ActingOperator.runAs(alice.owner().id(),
                () -> tokens.create(alice.owner().id(), "script", "test").secret());
        List<String> aliceBuckets = bucketPrefixes(alice);
        List<String> bobBuckets = bucketPrefixes(bob);

        List<String> tables = allTables();
        List<String> tenantTables = rowLevelSecuredTables();
        Map<String, Long> bobBefore = new LinkedHashMap<>();
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            for (String table : tables) {
                long aliceRows = count(sql, table, alice);
                bobBefore.put(table, count(sql, table, bob));
                if (tenantTables.contains(table) || PLATFORM_TABLES_WITH_ROWS.contains(table)) {
                    assertThat(aliceRows).as("Alice's rows in " + table + " before the deletion").isPositive();
                    assertThat(bobBefore.get(table)).as("Bob's rows in " + table + " before the deletion").isPositive();
                }
            }
            assertThat(bucketRows(sql, aliceBuckets)).as("Alice's rate buckets before").isPositive();
            assertThat(bucketRows(sql, bobBuckets)).as("Bob's rate buckets before").isPositive();
        }

        // a wrong password deletes nothing
        assertThatThrownBy(() -> ActingOperator.runAs(alice.owner().id(),
                () -> accounts.delete(alice.owner().id(), "not the password", "127.0.0.1")))
                .isInstanceOf(AccountException.class);
        assertThat(aliceBrowser.get("/account").status()).isEqualTo(200);

        ActingOperator.runAs(alice.owner().id(),
                () -> accounts.delete(alice.owner().id(), alice.owner().password(), "127.0.0.1"));
        // at once: the session, the API token and sign-in are refused
        assertThat(aliceBrowser.get("/account").status()).isEqualTo(302);
        assertThat(WebClient.bearer("http://localhost:" + port, aliceToken, "GET", "/api/v1/stores", null).status())
                .isEqualTo(401);
        WebClient again = new WebClient("http://localhost:" + port);
        assertThat(again.signIn(alice.owner().email(), alice.owner().password()).header("Location"))
                .contains("error");

        awaitGone(alice.owner().id());

        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            for (String table : tables) {
                String left = rows(sql, table, alice);
                assertThat(count(sql, table, alice)).as("Alice's rows left in " + table + ": " + left).isZero();
                assertThat(count(sql, table, bob)).as("Bob's rows in " + table)
                        .isGreaterThanOrEqualTo(bobBefore.get(table) > 0 ? 1 : 0);
            }
            assertThat(bucketRows(sql, aliceBuckets)).as("Alice's rate buckets left").isZero();
            assertThat(bucketRows(sql, bobBuckets)).as("Bob's rate buckets").isPositive();
            // the member Alice shared her store with keeps their account, without Alice's store
            assertThat(longValue(sql, "select count(*) from esm.operator where id = '" + alice.member().id() + "'"))
                    .isEqualTo(1);
            assertThat(longValue(sql, "select count(*) from esm.audit_event where action = 'account.deleted'"))
                    .isPositive();
        }
        assertThat(bobBrowser.get("/account").status()).as("Bob still signed in").isEqualTo(200);
        assertThat(new WebClient("http://localhost:" + port).signIn(bob.owner().email(), bob.owner().password())
                .header("Location")).doesNotContain("error");
    }

    /** The key prefixes of the world's store's own, seller-account and API-key buckets (read before any deletion). */
    private List<String> bucketPrefixes(TenantWorld world) {
        return ActingOperator.runAs(world.owner().id(), () -> transactions.execute(tx -> {
            List<String> prefixes = new ArrayList<>(quotas.meters(world.store()).ownKeyPrefixes());
            providerKeys.find(world.store()).ifPresent(key -> prefixes.addAll(PacedProvider.meters(key).ownKeyPrefixes()));
            return prefixes;
        }));
    }

    private void awaitGone(UUID operator) throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(120));
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            while (longValue(sql, "select count(*) from esm.operator where id = '" + operator + "'") > 0) {
                assertThat(Instant.now()).as("the account-deletion job finished").isBefore(until);
                Thread.sleep(200);
            }
        }
    }

    /** Rows of {@code table} whose text holds the world owner's id, email or store id. */
    static long count(Statement sql, String table, TenantWorld world) throws SQLException {
        String pattern = List.of(world.owner().id().toString(), world.store().toString(), world.owner().email())
                .stream().map(v -> v.replace(".", "\\.")).collect(Collectors.joining("|"));
        return longValue(sql, "select count(*) from esm." + table + " t where t::text ~* '" + pattern + "'");
    }

    private static String rows(Statement sql, String table, TenantWorld world) throws SQLException {
        String pattern = List.of(world.owner().id().toString(), world.store().toString(), world.owner().email())
                .stream().map(v -> v.replace(".", "\\.")).collect(Collectors.joining("|"));
        List<String> found = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery("select left(t::text, 300) from esm." + table + " t where t::text ~* '"
                + pattern + "' limit 5")) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        return found.toString();
    }

    private static long bucketRows(Statement sql, List<String> prefixes) throws SQLException {
        long rows = 0;
        for (String prefix : prefixes) {
            rows += longValue(sql, "select count(*) from esm.rate_bucket where starts_with(id, '" + prefix + "')");
        }
        return rows;
    }

    private List<String> allTables() throws SQLException {
        return strings("select tablename from pg_tables where schemaname = 'esm' order by 1");
    }

    private List<String> rowLevelSecuredTables() throws SQLException {
        return strings("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'esm' and c.relkind in ('r', 'p') and c.relrowsecurity order by 1""");
    }

    private List<String> strings(String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    static long longValue(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
