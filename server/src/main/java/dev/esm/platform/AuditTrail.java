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
    private final org.springframework.beans.factory.ObjectProvider<Maintenance> maintenance;

    AuditTrail(JdbcClient jdbc, org.springframework.beans.factory.ObjectProvider<Maintenance> maintenance) {
        this.jdbc = jdbc;
        this.maintenance = maintenance;
    }

    /**
     * Removes the audit entries of a deleted account (ADR 34; the runtime role may not delete audit entries, so this
     * runs as the owner): those it made and those naming one of {@code targets} (e.g. {@code operator:<id>},
     * {@code store:<id>}, also as one word of a target naming several records); then, unless {@code source} is null,
     * writes one entry "account.deleted" that names no one, so the trail still shows that an account went, and when.
     *
     * @return how many entries were removed
     */
    public int forgetOperator(java.util.UUID actorId, java.util.Collection<String> targets, String source) {
        Integer removed = maintenance.getObject().asOwner((owner, audit) -> {
            int count = owner.sql("""
                            delete from esm.audit_event
                             where actor_id = ?
                                or string_to_array(target, ' ') && ?::text[]""")
                    .params(actorId, targets.toArray(String[]::new)).update();
            if (source != null) {
                audit.record("account.deleted", null, source(source));
            }
            return count;
        });
        return removed == null ? 0 : removed;
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

    /** One audit entry as the operator reads it. */
    public record Entry(java.time.Instant at, String action, String target, String source) {
    }

    /** Every entry the acting operator made, oldest first (for the operator's data export). */
    @Transactional(readOnly = true)
    public java.util.List<Entry> mine() {
        return jdbc.sql("""
                        select at, action, target, source from audit_event
                         where actor_id = esm.current_operator_id() order by at, id""")
                .query((rs, n) -> new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getString(4))).list();
    }

    static String source(String source) {
        if (source == null || IpAddresses.isLiteral(source) || INTERNAL.matcher(source).matches()) {
            return source;
        }
        log.warn("Audit source dropped: not an IP address");
        return null;
    }
}
