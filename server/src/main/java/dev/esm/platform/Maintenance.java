package dev.esm.platform;

/**
 * Work done as the database owner rather than as an operator: granting the platform-admin role, which no web request
 * and no sign-up can do, and removing a deleted account's audit entries. Every call writes an audit entry.
 */
public interface Maintenance {

    /** @return false when no operator has this email */
    boolean grantPlatformAdmin(String email, String source);

    boolean revokePlatformAdmin(String email, String source);

    /**
     * Removes the audit entries of a deleted account (the runtime role may not delete audit entries): those it made
     * and those naming one of {@code targets} (e.g. {@code operator:<id>}, {@code store:<id>}, also as one
     * word of a target naming several records); then, unless
     * {@code source} is null, writes one entry "account.deleted" that names no one, so the trail still shows that an
     * account went, and when.
     *
     * @return how many entries were removed
     */
    int forgetAuditOf(java.util.UUID actorId, java.util.Collection<String> targets, String source);
}
