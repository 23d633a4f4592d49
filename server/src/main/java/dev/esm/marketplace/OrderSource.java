package dev.esm.marketplace;

import java.time.Instant;
import java.util.UUID;

import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.shared.Marketplace;

/**
 * A marketplace's orders for a store, one page at a time, as the sync engine sees them: it names the store, the
 * connector opens the store's credentials itself (through {@link CredentialVault}), so no secret passes through the
 * engine. The cursor is the connector's own opaque text, handed back unchanged. Found through {@link Marketplaces}.
 */
public interface OrderSource {

    Marketplace marketplace();

    /** The quota of the call that lists orders: the engine paces the store's polls by it. */
    CallLimit orderCalls();

    /**
     * @param storeId the store, visible to the acting operator
     * @param cursor  null on a store's first sync; else the {@link OrderPage#nextCursor()} of the last committed page
     * @param now     the sync's clock, so a window's end is decided by the engine's time
     * @param permits the store's quotas: a permit is taken before every marketplace call
     * @throws MarketplaceException one of the closed set of failures ({@link MarketplaceException.CredentialsExpired}
     *                              also when the store holds no credentials); never buyer data or secrets
     */
    OrderPage fetch(UUID storeId, String cursor, Instant now, CallPermits permits) throws MarketplaceException;
}
