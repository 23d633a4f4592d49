package dev.esm.marketplace.adapter;

import java.util.Optional;

import dev.esm.shared.Marketplace;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.PushReceipt;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.marketplace.TrackingPush;

/**
 * A marketplace that is told an order's tracking: Walmart {@code POST /v3/orders/{purchaseOrderId}/shipping}, Amazon
 * Orders v0 {@code confirmShipment}, eBay {@code createShippingFulfillment}. One implementation per marketplace, found
 * by {@link #marketplace()}.
 *
 * <p>One HTTP attempt per call: retrying is the caller's job. A push whose outcome is unknown
 * ({@link MarketplaceException.MarketplaceUnavailable} after a timeout) may have been applied; the caller decides
 * whether to push again after reading the order back with {@link #findPushed}.
 *
 * @param <C> the marketplace's credentials record, handed over already checked by the registry
 */
public interface TrackingConnector<C extends StoreCredentials> {

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
    PushReceipt push(C credentials, TrackingPush push) throws MarketplaceException;

    /**
     * Reads back whether the marketplace already shows {@code trackingNumber} on the order: Walmart's order lines'
     * {@code trackingInfo} (getOrder), Amazon's packages (getOrder with {@code includedData=PACKAGES}), eBay's
     * fulfillments (getShippingFulfillments). Used before pushing again after a push whose answer was lost, so that a
     * push that did arrive is not made twice.
     *
     * @return a receipt for the push found (the marketplace's reference when it has one), or empty when the
     *         marketplace does not show the tracking number on the order
     * @throws MarketplaceException as {@link #push}; a {@link MarketplaceException.MarketplaceRejected} when the order
     *                              cannot be read
     */
    Optional<PushReceipt> findPushed(C credentials, String marketplaceOrderId, String trackingNumber)
            throws MarketplaceException;
}
