/**
 * What a marketplace connector provides to shipping: {@link dev.esm.shipping.spi.TrackingDestination}, the push of a
 * shipment's tracking to the marketplace the order came from.
 */
@org.springframework.modulith.NamedInterface("spi")
package dev.esm.shipping.spi;
