/**
 * Shipping: shipments, labels and pushing tracking back to the marketplaces. Its {@code spi} sub-package holds the
 * ports the connectors implement ({@link dev.esm.shipping.spi.TrackingDestination},
 * {@link dev.esm.shipping.spi.ShippingProvider}).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"orders", "orders :: spi", "stores", "platform",
        "shared"})
package dev.esm.shipping;
