package dev.esm.stores.web;

import java.util.Optional;
import java.util.UUID;

import dev.esm.stores.StoreException;

final class StoreIds {

    private StoreIds() {
    }

    /** The store id in a path; anything that is not a UUID is simply a store that does not exist. */
    static UUID store(String raw) {
        return parse(raw).orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "store-not-found",
                "No such store."));
    }

    /** The operator id of a grant in a path. */
    static UUID grantee(String raw) {
        return parse(raw).orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "grant-not-found",
                "No such grant."));
    }

    /** The id of an invitation in a path. */
    static UUID invitation(String raw) {
        return parse(raw).orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "invitation-not-found",
                "No such invitation."));
    }

    /** A UUID from a path; anything else is simply not an id of ours. */
    static Optional<UUID> parse(String raw) {
        try {
            return raw != null && raw.length() == 36 ? Optional.of(UUID.fromString(raw)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
