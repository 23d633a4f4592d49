package dev.esm.platform;

import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.esm.platform.web.IpAddresses;

/**
 * Writes who did what, when and from where, as the acting operator. Entries never carry secrets or buyer data: the
 * target names a record by id. The source is the client's IP address (the connection's peer, or the client a trusted
 * proxy named: see ADR 0015), or for work not started by a request a short name such as {@code demo-seed}; anything
 * else is not written (the entry keeps no source), so that no request can put text of its choosing in the trail.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final Pattern INTERNAL = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final JdbcClient jdbc;

    AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void record(String action, String target, String source) {
        jdbc.sql("insert into audit_event (actor_id, action, target, source) values (esm.current_operator_id(), ?, ?, ?)")
                .params(action, target, source(source)).update();
    }

    /**
     * Writes an entry of the system itself (no actor), for work done for no operator such as the retention sweep;
     * {@code action} is a short dotted name and {@code source} an internal name ({@code retention}), never other
     * text. Through the owner's function {@code esm.audit_system_event} (V28): the runtime role writes only its acting
     * operator's entries.
     */
    @Transactional
    public void recordForSystem(String action, String target, String source) {
        jdbc.sql("select esm.audit_system_event(?, ?, ?)").params(action, target, source).query(Object.class).single();
    }

    /**
     * A sign-in that named no account (or an email of none): written with no actor, so that only platform admins see
     * it. The email typed is never written (it may be a password typed in the wrong field).
     */
    @Transactional
    public void recordUnknownSignIn(String source) {
        jdbc.sql("select esm.audit_unknown_sign_in(?)").param(source(source)).query((rs, n) -> 1).list();
    }

    /** When the acting operator last recorded {@code action} on {@code target}, if ever. */
    @Transactional(readOnly = true)
    public java.util.Optional<java.time.Instant> lastRecorded(String action, String target) {
        return jdbc.sql("""
                        select max(at) from audit_event
                         where actor_id = esm.current_operator_id() and action = ? and target = ?""")
                .params(action, target).query(java.sql.Timestamp.class).optional().map(java.sql.Timestamp::toInstant);
    }

    static String source(String source) {
        if (source == null || IpAddresses.isLiteral(source) || INTERNAL.matcher(source).matches()) {
            return source;
        }
        log.warn("Audit source dropped: not an IP address");
        return null;
    }
}
