package dev.esm.platform.quota;

import java.util.Optional;
import java.util.UUID;

/**
 * Tells the buckets who a store's calls count against: its seller account's id, the application it calls through.
 * Implemented by the modules that know (the marketplace connectors); asked in the caller's tenant context, so it may
 * read what the acting operator can see. Ids are plain text here and hashed before they become bucket keys.
 */
public interface QuotaMeterSource {

    /** The id of {@code meter} for the store, e.g. {@code walmart:<client id>}; empty when this source does not know. */
    Optional<String> id(UUID storeId, Meter meter);
}
