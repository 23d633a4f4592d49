/**
 * Shipping: shipments, labels and pushing tracking back to the marketplaces. Its {@code spi} sub-package holds the
 * ports the connectors implement ({@link dev.esm.shipping.spi.ShippingProvider}); uses the marketplace's
 * {@link dev.esm.marketplace.TrackingDestination}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"accounts :: spi", "marketplace", "orders", "orders :: spi",
        "stores", "platform", "platform :: problems", "platform :: quota", "platform :: jobs", "shared"})
package dev.esm.shipping;
