package dev.esm.platform;

/**
 * Work done as the database owner rather than as an operator: granting the platform-admin role, which no web request
 * and no sign-up can do. Every call writes an audit entry.
 */
public interface Maintenance {

    /** @return false when no operator has this email */
    boolean grantPlatformAdmin(String email, String source);

    boolean revokePlatformAdmin(String email, String source);
}
