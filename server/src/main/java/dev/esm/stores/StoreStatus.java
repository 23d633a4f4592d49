package dev.esm.stores;

import java.time.Duration;
import java.time.Instant;

/**
 * A store with its health, as the Stores list's badge and the "stores needing attention" banner show it.
 *
 * @param lastSyncAt the end of the last successful sync, or null
 * @param until      when a pause ends (breaker open), or null
 * @param interval   the store's sync interval as the stale rule reads it (its poll interval, or the longer wait its
 *                   quota set before the next sync), or null before its first sync
 */
public record StoreStatus(Store store, Health health, Instant lastSyncAt, Instant until, Duration interval) {

    /** The badges, in the order a seller should act on them. */
    public enum Health {
        NEEDS_RECONNECTING("Needs reconnecting", "%s refused this store's credentials; orders stop syncing until you "
                + "reconnect it."),
        NOT_CONNECTED("Not connected", "Connect the store to %s to sync its orders."),
        PAUSED("Paused", "%s failed several syncs in a row, so ESM waits before calling it again."),
        FAILING("Sync failing", "The last sync failed; ESM keeps trying."),
        STALE("Stale", "Not synced within twice its poll interval."),
        PENDING("First sync pending", "Connected; its first sync has not finished yet."),
        HEALTHY("Healthy", "Syncing on schedule.");

        private final String label;
        private final String explanation;

        Health(String label, String explanation) {
            this.label = label;
            this.explanation = explanation;
        }

        public String label() {
            return label;
        }

        /** Why, with {@code %s} where the marketplace's name goes. */
        String explanation() {
            return explanation;
        }

        /** The badge's CSS class: {@code health-needs-reconnecting}, ... */
        public String css() {
            return "health-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Whether the seller should do or know something: everything but healthy and a first sync on its way. */
        public boolean needsAttention() {
            return this != HEALTHY && this != PENDING;
        }
    }

    public boolean needsAttention() {
        return health.needsAttention();
    }

    /** Why the store has this badge, in the seller's words, naming its marketplace. */
    public String explanation() {
        return health.explanation().replace("%s", store.marketplace().displayName());
    }

    /** Where the seller acts on it: the store's page to (re)connect, else its sync page. */
    public String actionPath() {
        return health == Health.NEEDS_RECONNECTING || health == Health.NOT_CONNECTED
                ? "/stores/" + store.id() : "/stores/" + store.id() + "/sync";
    }

    /** The link's words. */
    public String actionLabel() {
        return switch (health) {
            case NEEDS_RECONNECTING -> "Reconnect";
            case NOT_CONNECTED -> "Connect";
            default -> "Open sync";
        };
    }
}
