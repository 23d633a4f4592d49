package dev.esm.platform;

/**
 * Work done as the database owner rather than as an operator: granting the platform-admin role, which no web request
 * and no sign-up can do, and cutting old audit addresses (the runtime role may not change an audit entry). Every call
 * that changes something writes an audit entry.
 */
public interface Maintenance {

    /** @return false when no operator has this email */
    boolean grantPlatformAdmin(String email, String source);

    boolean revokePlatformAdmin(String email, String source);

    /**
     * Cuts the client addresses of audit entries written before {@code before} to their network (IPv4 /24, IPv6
     * /48), at most {@code batch} entries in one transaction (entries another node is cutting now are skipped), and
     * writes one audit entry ({@code audit.addresses-truncated}, no actor) when it cut any.
     *
     * @return how many entries it cut
     */
    int truncateAuditAddresses(java.time.Instant before, int batch, String source);
}
