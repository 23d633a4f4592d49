package dev.esm.shipping.spi;

import dev.esm.orders.spi.MarketplaceException;
import dev.esm.shared.Marketplace;
import dev.esm.stores.StoreCredentials;

/**
 * A marketplace that is told an order's tracking: Walmart {@code POST /v3/orders/{purchaseOrderId}/shipping}, Amazon
 * Orders v0 {@code confirmShipment}, eBay {@code createShippingFulfillment}. One implementation per marketplace, found
 * by {@link #marketplace()}.
 *
 * <p>One HTTP attempt per call: retrying is the caller's job. A push whose outcome is unknown
 * ({@link MarketplaceException.MarketplaceUnavailable} after a timeout) may have been applied; the caller decides
 * whether to push again, e.g. after the next order sync shows whether the order is shipped.
 */
public interface TrackingDestination {

    Marketplace marketplace();

    /**
     * Tells the marketplace that the push's lines have shipped with its tracking.
     *
     * @throws MarketplaceException {@link MarketplaceException.MarketplaceRejected} when the marketplace refused the
     *                              push (its message carries the marketplace's error code and text),
     *                              {@link MarketplaceException.CredentialsExpired},
     *                              {@link MarketplaceException.RateLimited} or
     *                              {@link MarketplaceException.MarketplaceUnavailable}; never buyer data or secrets
     */
    PushReceipt push(StoreCredentials credentials, TrackingPush push) throws MarketplaceException;
}
