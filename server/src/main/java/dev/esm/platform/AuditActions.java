package dev.esm.platform;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The audit log's actions in plain words, for the pages. An action's name is {@code <area>.<verb>} in lower case with
 * hyphens; the list of names every module writes is in docs/architecture.md ("Audit log"). A name not listed here is
 * shown as its words (hyphens and dots as spaces), so a new action never breaks a page.
 */
public final class AuditActions {

    private static final Map<String, String> WORDS = new LinkedHashMap<>();

    static {
        WORDS.put("account.sign-in", "Signed in");
        WORDS.put("account.sign-in-failed", "Sign-in failed (wrong email or password)");
        WORDS.put("account.sign-up", "Created the account");
        WORDS.put("account.change-name", "Changed the account's name");
        WORDS.put("account.change-email", "Changed the account's email");
        WORDS.put("account.change-password", "Changed the password");
        WORDS.put("account.reset-password", "Reset the password");
        WORDS.put("account.change-time-zone", "Changed the time zone");
        WORDS.put("account.export", "Asked for an export of all account data");
        WORDS.put("account.export-download", "Downloaded the export of all account data");
        WORDS.put("account.delete", "Deleted the account");
        WORDS.put("api-token.create", "Created an API token");
        WORDS.put("api-token.revoke", "Revoked an API token");
        WORDS.put("api-token.revoke-all", "Revoked every API token");
        WORDS.put("store.add", "Added a store");
        WORDS.put("store.rename", "Renamed a store");
        WORDS.put("store.replace-credentials", "Changed a store's marketplace credentials");
        WORDS.put("store.remove", "Removed a store");
        WORDS.put("store.invite", "Invited someone to a store");
        WORDS.put("store.invitation-cancelled", "Withdrew an invitation to a store");
        WORDS.put("store.invitation-accepted", "Accepted an invitation: access to a store granted");
        WORDS.put("store.invitation-declined", "Declined an invitation to a store");
        WORDS.put("store.revoke", "Removed someone's access to a store");
        WORDS.put("order.reveal-buyer", "Showed a buyer's full details");
        WORDS.put("order.buyer-for-label", "Used a buyer's address for a label");
        WORDS.put("order.erase-buyer", "Erased a buyer's details from an order");
        WORDS.put("shipping.api-key-set", "Changed the shipping provider's API key");
        WORDS.put("shipping.defaults-set", "Changed shipping defaults");
        WORDS.put("shipping.ship-from-added", "Added a ship-from address");
        WORDS.put("shipping.ship-from-removed", "Removed a ship-from address");
        WORDS.put("shipping.package-added", "Added a package");
        WORDS.put("shipping.package-removed", "Removed a package");
        WORDS.put("shipping.label-voided", "Voided a label");
        WORDS.put("shipping.reship-rated", "Asked for rates to ship again");
        WORDS.put("shipping.label-batch-started", "Started a label batch");
        WORDS.put("shipping.label-batch-retried", "Retried a label batch");
        WORDS.put("privacy.retention-sweep", "Removed buyer details past the retention period");
        WORDS.put("privacy.marketplace-account-deletion", "Handled a marketplace's account deletion notice");
        WORDS.put("audit.addresses-truncated", "Shortened the addresses of audit entries older than 30 days");
        WORDS.put("admin.list-operators", "Viewed every operator (admin)");
        WORDS.put("admin.list-stores", "Viewed every store (admin)");
        WORDS.put("admin.read-audit-log", "Read the audit log of everyone (admin)");
        WORDS.put("admin.review-access", "Reviewed access to every store (admin)");
        WORDS.put("admin.rewrap-data-keys", "Re-wrapped the stores' data keys (admin)");
        WORDS.put("admin.grant-platform-admin", "Made an operator a platform admin");
        WORDS.put("admin.revoke-platform-admin", "Took platform admin away from an operator");
    }

    private AuditActions() {
    }

    /** The action in plain words. */
    public static String describe(String action) {
        if (action == null) {
            return "";
        }
        String words = WORDS.get(action);
        if (words != null) {
            return words;
        }
        String plain = action.replace('.', ' ').replace('-', ' ');
        return plain.isEmpty() ? plain : plain.substring(0, 1).toUpperCase(Locale.ROOT) + plain.substring(1);
    }

    /** Every action with words, in the order a filter lists them. */
    public static Map<String, String> known() {
        return java.util.Collections.unmodifiableMap(WORDS);
    }
}
