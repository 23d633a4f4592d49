package dev.esm.platform;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Work done as the database owner rather than as an operator (no row-level security, no acting operator), such as
 * granting the platform-admin role, which no web request and no sign-up can do. The module that owns the tables does
 * the work (its SQL names only its own tables); every call should leave an audit entry, written in the same
 * transaction through the {@link OwnerAudit} it is given.
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
}
