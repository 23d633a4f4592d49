package dev.esm.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.esm.platform.AuditEntry;
import dev.esm.platform.AuditFilter;
import dev.esm.platform.AuditPage;

/**
 * The one audited path across tenants: each read calls a SECURITY DEFINER function that checks the acting operator
 * is a platform admin and writes an audit entry before it returns anything. Secrets are never selected.
 */
@Service
public class AdminQueries {

    private final JdbcClient jdbc;

    AdminQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record OperatorRow(UUID id, String email, String name, boolean platformAdmin, long stores, Instant createdAt) {
    }

    public record StoreRow(UUID id, String name, String marketplace, String ownerEmail, boolean credentialsSet,
                           long grants, Instant createdAt) {
    }

    public record AuditRow(long id, Instant at, String actorEmail, String action, String target, String source) {
    }

    @Transactional
    public List<OperatorRow> operators(String source) {
        return jdbc.sql("select * from esm.admin_operators(?)").param(source)
                .query((rs, n) -> new OperatorRow(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("name"), rs.getBoolean("platform_admin"), rs.getLong("stores"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    @Transactional
    public List<StoreRow> stores(String source) {
        return jdbc.sql("select * from esm.admin_stores(?)").param(source)
                .query((rs, n) -> new StoreRow(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getString("marketplace"), rs.getString("owner_email"), rs.getBoolean("credentials_set"),
                        rs.getLong("grants"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    @Transactional
    public List<AuditRow> auditLog(String source, int limit) {
        return jdbc.sql("select * from esm.admin_audit_events(?, ?)").params(source, limit)
                .query((rs, n) -> new AuditRow(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                        rs.getString("actor_email"), rs.getString("action"), rs.getString("target"),
                        rs.getString("source")))
                .list();
    }

    /** Everyone's audit entries, filtered, newest first, a page at a time; the read is itself audited. */
    @Transactional
    public AuditPage auditPage(String source, AuditFilter filter) {
        List<AuditEntry> rows = jdbc.sql("""
                        select * from esm.admin_audit_page(?, ?::text, ?::timestamptz, ?::timestamptz, ?::bigint, ?)""")
                .params(source, filter.action(), timestamp(filter.from()), timestamp(filter.to()), filter.before(),
                        filter.limit() + 1)
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                        rs.getString("actor_email"), rs.getString("action"), rs.getString("target"),
                        rs.getString("source")))
                .list();
        return AuditPage.of(rows, filter.limit());
    }

    /** One person's access to one store: role {@code owner}, {@code member} or {@code invited} (no name yet). */
    public record AccessRow(UUID storeId, String storeName, String marketplace, String role, String email, String name,
                            Instant since) {
    }

    /** Who can reach every store and since when (the access review across operators); audited. */
    @Transactional
    public List<AccessRow> storeAccess(String source) {
        return jdbc.sql("select * from esm.admin_store_access(?)").param(source)
                .query((rs, n) -> new AccessRow(rs.getObject("store_id", UUID.class), rs.getString("store_name"),
                        rs.getString("marketplace"), rs.getString("role"), rs.getString("email"),
                        rs.getString("name"), rs.getTimestamp("since").toInstant()))
                .list();
    }

    private static java.sql.Timestamp timestamp(Instant instant) {
        return instant == null ? null : java.sql.Timestamp.from(instant);
    }
}
