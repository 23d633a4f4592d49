package dev.esm.accounts;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import dev.esm.platform.Maintenance;

/**
 * Granting and revoking the platform-admin role: from the command line ({@code grant-admin EMAIL}), from
 * {@code ESM_ADMIN_EMAILS} at start and by the demo seed, never from a web request. Runs as the database owner (the
 * runtime role cannot change {@code operator.platform_admin}); each change is audited.
 */
@Service
public class PlatformAdmins {

    private final Maintenance maintenance;

    PlatformAdmins(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    /** @return false when no operator has this email */
    public boolean grantPlatformAdmin(String email, String source) {
        return setAdmin(email, true, source);
    }

    /** @return false when no operator has this email */
    public boolean revokePlatformAdmin(String email, String source) {
        return setAdmin(email, false, source);
    }

    private boolean setAdmin(String email, boolean admin, String source) {
        String normalized = email == null ? "" : email.strip().toLowerCase(java.util.Locale.ROOT);
        return maintenance.asOwner((jdbc, audit) -> {
            Optional<UUID> id = jdbc.sql("""
                            update esm.operator set platform_admin = ?, updated_at = now() where email = ? returning id""")
                    .params(admin, normalized).query(UUID.class).optional();
            id.ifPresent(operator -> audit.record(admin ? "admin.grant-platform-admin" : "admin.revoke-platform-admin",
                    "operator:" + operator, source));
            return id.isPresent();
        });
    }
}
