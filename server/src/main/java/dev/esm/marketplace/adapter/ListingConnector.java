package dev.esm.marketplace.adapter;

import dev.esm.marketplace.ListingPage;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.shared.Marketplace;

/**
 * A marketplace's listings, one page of a full scan at a time; the cursor is the connector's own opaque text.
 *
 * @param <C> the marketplace's credentials record, handed over already checked by the registry
 */
public interface ListingConnector<C extends StoreCredentials> {

    Marketplace marketplace();

    /** The documented quota of the listing call the scan is paced by. */
    CallLimit listingCalls();

    ListingPage fetch(C credentials, String cursor, CallPermits permits) throws MarketplaceException;

    /** A fetch without quotas (tests of the wire format). */
    default ListingPage fetch(C credentials, String cursor) throws MarketplaceException {
        return fetch(credentials, cursor, CallPermits.UNLIMITED);
    }
}
