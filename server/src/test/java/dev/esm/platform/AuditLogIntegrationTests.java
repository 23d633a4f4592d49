package dev.esm.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.WebClient;
import dev.esm.accounts.TimeZoneSetting;
import dev.esm.platform.database.DatabaseAccess;

/**
 * Issue 12 §5: the audit log is append-only for the runtime role, sign-ins and failed sign-ins are in it, and an
 * operator reads its own entries (and only those) a page at a time, filtered by action and days in its time zone.
 */
class AuditLogIntegrationTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApplicationContext context;
    @Autowired
    AuditTrail trail;
    @Autowired
    AuditLog log;
    @Autowired
    TimeZoneSetting timeZones;

    @Test
    void theRuntimeRoleAddsEntriesButCanNeitherChangeNorRemoveNorBackdateThem() throws SQLException {
        TestOperator operator = operators.create("Append Only");
        ActingOperator.runAs(operator.id(), () -> trail.record("account.change-name", "operator:" + operator.id(),
                "203.0.113.9"));
        String me = "'" + operator.id() + "'";
        try (Connection app = DatabaseAccess.runtimeRole(context); Statement sql = app.createStatement()) {
            app.setAutoCommit(false);
            sql.execute("select set_config('esm.operator_id', " + me + ", true)");
            assertThat(sql.executeUpdate("insert into esm.audit_event (actor_id, action, target, source) values ("
                    + me + ", 'test.appended', null, null)")).isEqualTo(1);
            app.commit();
            for (String change : List.of(
                    "update esm.audit_event set action = 'test.rewritten' where actor_id = " + me,
                    "update esm.audit_event set source = null where actor_id = " + me,
                    "delete from esm.audit_event where actor_id = " + me,
                    "truncate esm.audit_event",
                    "insert into esm.audit_event (actor_id, action, at) values (" + me
                            + ", 'test.backdated', now() - interval '1 year')")) {
                sql.execute("select set_config('esm.operator_id', " + me + ", true)");
                assertThatThrownBy(() -> sql.execute(change)).as(change).isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
                app.rollback();
            }
        }
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select action, source from esm.audit_event where actor_id = " + me
                     + " and action in ('account.change-name', 'test.appended') order by id")) {
            List<String> kept = new ArrayList<>();
            while (rows.next()) {
                kept.add(rows.getString(1) + "@" + rows.getString(2));
            }
            assertThat(kept).containsExactly("account.change-name@203.0.113.9", "test.appended@null");
        }
    }

    @Test
    void signInsAndFailedSignInsAreAuditedWithTheAddressNeverWithTheEmailTyped() throws SQLException {
        TestOperator operator = operators.create("Signing In");
        long start = maxId();
        browser().signIn(operator.email(), "not-" + operator.password());
        String stranger = "stranger-" + UUID.randomUUID() + "@example.test";
        browser().signIn(stranger, "Whatever-" + UUID.randomUUID());
        browser().signIn(operator.email(), operator.password());

        List<AuditEntry> own = ActingOperator.runAs(operator.id(), () -> log.own(AuditFilter.all())).entries();
        assertThat(own).extracting(AuditEntry::action)
                .containsSubsequence("account.sign-in", "account.sign-in-failed", "account.sign-up");
        assertThat(own.get(0).source()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(own.get(0).description()).isEqualTo("Signed in");
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            ResultSet anonymous = sql.executeQuery("select count(*) from esm.audit_event where id > " + start
                    + " and actor_id is null and action = 'account.sign-in-failed' and source is not null");
            anonymous.next();
            assertThat(anonymous.getLong(1)).isGreaterThanOrEqualTo(1);
            ResultSet typed = sql.executeQuery("select count(*) from esm.audit_event e where e::text like '%"
                    + stranger + "%' or e::text like '%" + operator.email() + "%'");
            typed.next();
            assertThat(typed.getLong(1)).isZero();
        }
    }

    @Test
    void theApiPagesTheOwnLogNewestFirstAndFiltersByActionAndByDaysInTheOperatorsZone() throws Exception {
        TestOperator me = operators.create("Audit Pager");
        TestOperator other = operators.create("Other Pager");
        for (int i = 0; i < 60; i++) {
            String action = i % 2 == 0 ? "store.rename" : "shipping.defaults-set";
            String target = "store:pager-" + i;
            ActingOperator.runAs(me.id(), () -> trail.record(action, target, "203.0.113.7"));
        }
        ActingOperator.runAs(other.id(), () -> trail.record("store.rename", "store:not-mine", "198.51.100.1"));
        ActingOperator.runAs(me.id(), () -> timeZones.change(me.id(), "America/New_York", "test"));
        WebClient web = browser();
        web.signIn(me.email(), me.password());

        List<Long> ids = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            JsonNode page = ok(web, "/api/v1/audit?limit=25" + (before == null ? "" : "&before=" + before));
            page.get("entries").forEach(entry -> {
                ids.add(entry.get("id").asLong());
                targets.add(entry.get("target").asString(""));
            });
            JsonNode next = page.path("nextBefore");
            before = next.isMissingNode() || next.isNull() ? null : next.asString();
            pages++;
        } while (before != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
        assertThat(targets).contains("store:pager-0", "store:pager-59").doesNotContain("store:not-mine");

        JsonNode renames = ok(web, "/api/v1/audit?action=store.rename&limit=200");
        assertThat(renames.get("entries")).hasSize(30)
                .allSatisfy(entry -> assertThat(entry.get("action").asString()).isEqualTo("store.rename"));

        // 03:00 UTC on the 15th is still the 14th in New York; 12:00 UTC is the 15th there
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            sql.executeUpdate("update esm.audit_event set at = '2026-01-15T03:00:00Z' where actor_id = '" + me.id()
                    + "' and target = 'store:pager-1'");
            sql.executeUpdate("update esm.audit_event set at = '2026-01-15T12:00:00Z' where actor_id = '" + me.id()
                    + "' and target = 'store:pager-2'");
        }
        JsonNode day = ok(web, "/api/v1/audit?from=2026-01-15&to=2026-01-15");
        assertThat(day.get("entries")).hasSize(1);
        assertThat(day.get("entries").get(0).get("target").asString()).isEqualTo("store:pager-2");
        assertThat(ok(web, "/api/v1/audit?from=2026-01-14&to=2026-01-14").get("entries")).hasSize(1);

        String page = web.get("/account/audit?action=store.rename").body();
        assertThat(page).contains("Renamed a store").contains("store:pager-58").doesNotContain("store:not-mine");
        String first = web.get("/account/audit?action=store.rename&from=2026-01-01").body();
        assertThat(first).doesNotContain("id=\"next-page\"");
        String all = web.get("/account/audit").body();
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("href=\"(/account/audit\\?before=\\d+)\" id=\"next-page\"")
                .matcher(all);
        assertThat(next.find()).as("a link to the older page").isTrue();
        assertThat(web.get(next.group(1)).body()).contains("store:pager-0").contains("id=\"first-page\"");
        // times in the operator's zone: 12:00 UTC on 15 January is 07:00 in New York (EST)
        assertThat(page).contains("store:pager-2").contains("EST").contains("America/New York");
    }

    @Test
    void aFilterThatCannotBeReadIsA400ProblemOnTheApiAndAMessageBesideTheFieldOnThePage() {
        TestOperator me = operators.create("Bad Filter");
        WebClient web = browser();
        web.signIn(me.email(), me.password());
        for (String query : List.of("from=yesterday", "to=2026-13-01", "from=2026-02-02&to=2026-02-01", "before=-1",
                "before=abc", "limit=0", "limit=201", "limit=x", "action=DROP%20TABLE", "from=%2B10000-01-01")) {
            WebClient.Response answer = web.api("GET", "/api/v1/audit?" + query, null);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.header("Content-Type")).as(query).startsWith("application/problem+json");
            assertThat(answer.body()).as(query).contains("\"code\":\"invalid-filter\"");
        }
        WebClient.Response page = web.get("/account/audit?from=not-a-date");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"from-error\"").contains("Give a date as year-month-day");
    }

    private static JsonNode ok(WebClient web, String path) {
        WebClient.Response answer = web.api("GET", path, null);
        assertThat(answer.status()).as(path).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private long maxId() throws SQLException {
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select coalesce(max(id), 0) from esm.audit_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
