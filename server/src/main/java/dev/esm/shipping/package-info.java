/**
 * Shipping: shipments, labels and pushing tracking back to the marketplaces. Its {@code spi} sub-package holds the
 * ports the connectors implement ({@link dev.esm.marketplace.TrackingDestination}).
 */
package dev.esm.shipping;
