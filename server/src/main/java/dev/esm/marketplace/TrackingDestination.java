package dev.esm.marketplace;

import java.util.Optional;
import java.util.UUID;

import dev.esm.shared.Marketplace;

/**
 * The marketplace a store's order came from, told the order's tracking: Walmart {@code orderShipment}, Amazon
 * {@code confirmShipment}, eBay {@code createShippingFulfillment}. Names the store; the connector opens its
 * credentials itself. One HTTP attempt per call: retrying is the caller's job. A push whose outcome is unknown
 * ({@link MarketplaceException.MarketplaceUnavailable} after a timeout) may have been applied; the caller reads the
 * order back with {@link #findPushed} before pushing again. Found through {@link Marketplaces}.
 */
public interface TrackingDestination {

    Marketplace marketplace();

    /**
     * @throws MarketplaceException {@link MarketplaceException.MarketplaceRejected} when the marketplace refused the
     *                              push (its message carries the marketplace's error code and text),
     *                              {@link MarketplaceException.CredentialsExpired} (also: no credentials),
     *                              {@link MarketplaceException.RateLimited} or
     *                              {@link MarketplaceException.MarketplaceUnavailable}; never buyer data or secrets
     */
    PushReceipt push(UUID storeId, TrackingPush push) throws MarketplaceException;

    /**
     * Whether the marketplace already shows {@code trackingNumber} on the order.
     *
     * @return a receipt for the push found, or empty when the marketplace does not show it
     */
    Optional<PushReceipt> findPushed(UUID storeId, String marketplaceOrderId, String trackingNumber)
            throws MarketplaceException;
}
