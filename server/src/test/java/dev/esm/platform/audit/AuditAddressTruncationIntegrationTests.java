package dev.esm.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.TestClock;
import dev.esm.platform.database.DatabaseAccess;

/**
 * Issue 12 §2: audit entries keep the client's address for 30 days, then only its network (IPv4 /24, IPv6 /48). The
 * application's clock is moved, not waited for.
 */
class AuditAddressTruncationIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    AuditAddressTruncation truncation;
    @Autowired
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void addressesOlderThanThirtyDaysAreCutToTheirNetworkAndYoungerOnesOnlyOnceTheyAgeToo() throws SQLException {
        String marker = "truncation:" + UUID.randomUUID();
        Map<String, Long> ids = new LinkedHashMap<>();
        try (Connection db = DatabaseAccess.superuser(context)) {
            ids.put("v4-old", insert(db, marker, "203.0.113.77", "31 days"));
            ids.put("v6-old", insert(db, marker, "2001:db8:1:2:3:4:5:6", "45 days"));
            ids.put("name-old", insert(db, marker, "demo-seed", "31 days"));
            ids.put("v4-young", insert(db, marker, "198.51.100.23", "29 days"));
            ids.put("v6-young", insert(db, marker, "2001:db8:aa:bb::1", "1 day"));
        }
        long start = maxId();

        assertThat(truncation.sweep()).isGreaterThanOrEqualTo(3);
        assertThat(sources(ids)).containsExactly(
                Map.entry("v4-old", "203.0.113.0"), Map.entry("v6-old", "2001:db8:1::"),
                Map.entry("name-old", "demo-seed"), Map.entry("v4-young", "198.51.100.23"),
                Map.entry("v6-young", "2001:db8:aa:bb::1"));
        assertThat(countSince(start, "audit.addresses-truncated")).isEqualTo(1);

        // nothing new is old enough: a second sweep cuts nothing and writes nothing
        long second = maxId();
        truncation.sweep();
        assertThat(countSince(second, "audit.addresses-truncated")).isZero();

        clock.advance(Duration.ofDays(2));
        truncation.sweep();
        assertThat(sources(ids)).containsEntry("v4-young", "198.51.100.0")
                .containsEntry("v6-young", "2001:db8:aa:bb::1").containsEntry("v4-old", "203.0.113.0");
    }

    private static long insert(Connection db, String target, String source, String age) throws SQLException {
        try (PreparedStatement sql = db.prepareStatement("""
                insert into esm.audit_event (at, actor_id, action, target, source)
                values (now() - ?::interval, null, 'test.truncation', ?, ?) returning id""")) {
            sql.setString(1, age);
            sql.setString(2, target);
            sql.setString(3, source);
            try (ResultSet rows = sql.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Map<String, String> sources(Map<String, Long> ids) throws SQLException {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Connection db = DatabaseAccess.superuser(context);
             PreparedStatement sql = db.prepareStatement("select source from esm.audit_event where id = ?")) {
            for (var entry : ids.entrySet()) {
                sql.setLong(1, entry.getValue());
                try (ResultSet rows = sql.executeQuery()) {
                    rows.next();
                    sources.put(entry.getKey(), rows.getString(1));
                }
            }
        }
        return sources;
    }

    private long maxId() throws SQLException {
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select coalesce(max(id), 0) from esm.audit_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private long countSince(long id, String action) throws SQLException {
        try (Connection db = DatabaseAccess.superuser(context);
             PreparedStatement sql = db.prepareStatement(
                     "select count(*) from esm.audit_event where id > ? and action = ?")) {
            sql.setLong(1, id);
            sql.setString(2, action);
            try (ResultSet rows = sql.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
