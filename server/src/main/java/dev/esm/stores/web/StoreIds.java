package dev.esm.stores.web;

import java.util.Optional;
import java.util.UUID;

final class StoreIds {

    private StoreIds() {
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
