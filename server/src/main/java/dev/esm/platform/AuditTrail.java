package dev.esm.platform;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes who did what, when and from where, as the acting operator. Entries never carry secrets or buyer data: the
 * target names a record by id.
 */
@Component
public class AuditTrail {

    private final JdbcClient jdbc;

    AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void record(String action, String target, String source) {
        jdbc.sql("insert into audit_event (actor_id, action, target, source) values (esm.current_operator_id(), ?, ?, ?)")
                .params(action, target, source).update();
    }
}
