package dev.esm.shipping.spi;

import java.util.Optional;

/**
 * A shipping-label provider (EasyPost first): verifies addresses, rates a parcel between two addresses, buys one rate,
 * hands out the label file, voids (refunds) an unused label and starts tracking. One HTTP attempt per call: retrying is
 * the caller's job, and a buy whose outcome is unknown must be resolved with {@link #findShipment} (by the shipment's
 * id or the caller's reference), never by buying again.
 *
 * <p>Batches come later as a separate port on the same shipment ids.
 *
 * <p>Every call names the account it works for with a {@link ProviderKey}; no implementation keeps, logs or returns it.
 * No provider wire type leaves the implementation: callers see only the records of this package.
 */
public interface ShippingProvider {

    /** Checks and normalizes an address (e.g. ZIP+4, capitals); an undeliverable one comes back with its problems. */
    AddressCheck verifyAddress(ProviderKey key, PostalAddress address) throws ShippingProviderException;

    /** Creates a shipment (addresses, parcel, label format, the caller's reference) and returns it with its rates. */
    ProviderShipment createShipment(ProviderKey key, ShipmentRequest request) throws ShippingProviderException;

    /** The shipment by its provider id or by the caller's reference; empty when the provider does not know it. */
    Optional<ProviderShipment> findShipment(ProviderKey key, String idOrReference) throws ShippingProviderException;

    /**
     * Buys one of the shipment's rates. A shipment holds at most one label: buying a bought shipment is refused with
     * {@link ShippingProviderException.ProviderRejected#alreadyBought()}.
     */
    ProviderShipment buy(ProviderKey key, String shipmentId, String rateId) throws ShippingProviderException;

    /** The bought label's file in {@code format}. */
    LabelFile label(ProviderKey key, String shipmentId, LabelFormat format) throws ShippingProviderException;

    /** Asks for the unused label's postage back (a void); returns the refund's state. */
    RefundStatus refund(ProviderKey key, String shipmentId) throws ShippingProviderException;

    /** Starts (or finds, providers dedupe by code) tracking of a tracking code. */
    TrackingInfo track(ProviderKey key, String trackingCode, String carrier) throws ShippingProviderException;
}
