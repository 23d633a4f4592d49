package dev.esm.marketplace;

import java.util.UUID;

import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.shared.Marketplace;

/**
 * A marketplace's listings for a store, one page of a full scan at a time (like {@link OrderSource}: by store id, the
 * connector opens the credentials itself; the cursor is its own opaque text). Found through {@link Marketplaces}.
 */
public interface ListingSource {

    Marketplace marketplace();

    /** The quota of the call that lists listings: the listing sync paces its scans by it. */
    CallLimit listingCalls();

    /**
     * @param cursor null to begin a scan; else the {@link ListingPage#nextCursor()} of the last committed page
     * @throws MarketplaceException one of the closed set of failures ({@link MarketplaceException.CredentialsExpired}
     *                              also when the store holds no credentials)
     */
    ListingPage fetch(UUID storeId, String cursor, CallPermits permits) throws MarketplaceException;
}
