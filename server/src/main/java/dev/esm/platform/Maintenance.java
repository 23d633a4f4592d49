package dev.esm.platform;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Work done as the database owner rather than as an operator (no row-level security, no acting operator): granting
 * the platform-admin role, which no web request and no sign-up can do (accounts' {@code PlatformAdmins} through
 * {@link #asOwner}), and the platform's own upkeep of the audit log, which the runtime role may not change (cutting
 * old addresses). The module that owns the tables does the work (its SQL names only its own tables); every call that
 * changes something leaves an audit entry in the same transaction.
 */
public interface Maintenance {

    /** Runs {@code work} in one transaction on a short-lived owner connection, outside the runtime pool. */
    <T> T asOwner(OwnerWork<T> work);

    @FunctionalInterface
    interface OwnerWork<T> {
        T run(JdbcClient owner, OwnerAudit audit);
    }

    /** The audit log, in the owner transaction: no actor (the work is done by the platform, not by an operator). */
    @FunctionalInterface
    interface OwnerAudit {
        void record(String action, String target, String source);
    }

    /**
     * Cuts the client addresses of audit entries written before {@code before} to their network (IPv4 /24, IPv6
     * /48), at most {@code batch} entries in one transaction (entries another node is cutting now are skipped), and
     * writes one audit entry ({@code audit.addresses-truncated}, no actor) when it cut any.
     *
     * @return how many entries it cut
     */
    int truncateAuditAddresses(java.time.Instant before, int batch, String source);
}
