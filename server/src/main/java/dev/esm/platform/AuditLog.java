package dev.esm.platform;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The acting operator's own audit log, newest first, a page at a time (keyset on the entry id). Row-level security
 * shows an operator only the entries it wrote; platform admins read everyone's through the admin module's audited
 * path ({@code esm.admin_audit_page}).
 */
@Service
public class AuditLog {

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public AuditPage own(AuditFilter filter) {
        StringBuilder sql = new StringBuilder("""
                select id, at, action, target, source from audit_event
                 where actor_id = esm.current_operator_id()""");
        List<Object> params = new ArrayList<>();
        if (filter.action() != null) {
            sql.append(" and action = ?");
            params.add(filter.action());
        }
        if (filter.from() != null) {
            sql.append(" and at >= ?");
            params.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and at < ?");
            params.add(Timestamp.from(filter.to()));
        }
        if (filter.before() != null) {
            sql.append(" and id < ?");
            params.add(filter.before());
        }
        sql.append(" order by id desc limit ?");
        params.add(filter.limit() + 1);
        List<AuditEntry> rows = jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), null,
                        rs.getString("action"), rs.getString("target"), rs.getString("source")))
                .list();
        return AuditPage.of(rows, filter.limit());
    }
}
