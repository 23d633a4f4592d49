package dev.esm.marketplace.adapter;

import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;

import java.time.Instant;

import dev.esm.shared.Marketplace;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.OrderPage;
import dev.esm.marketplace.StoreCredentials;

/**
 * A marketplace's orders, one page at a time. The cursor is the connector's own opaque text: the sync engine stores it
 * with the page it came with and hands it back unchanged, so a sync resumes exactly where the last committed page
 * ended.
 *
 * @param <C> the marketplace's credentials record, handed over already checked by the registry
 */
public interface OrderConnector<C extends StoreCredentials> {

    Marketplace marketplace();

    /** The quota of the call that lists orders: the engine paces the store's polls by it. */
    CallLimit orderCalls();

    /**
     * @param cursor  null on a store's first sync; else the {@link OrderPage#nextCursor()} of the last committed page
     * @param now     the sync's clock, so a window's end is decided by the engine's time
     * @param permits the store's quotas: a permit is taken before every marketplace call
     * @throws MarketplaceException one of the closed set of failures; never carries buyer data or secrets
     */
    OrderPage fetch(C credentials, String cursor, Instant now, CallPermits permits)
            throws MarketplaceException;

    /** A fetch without quotas (tests of the wire format). */
    default OrderPage fetch(C credentials, String cursor, Instant now) throws MarketplaceException {
        return fetch(credentials, cursor, now, CallPermits.UNLIMITED);
    }
}
