/**
 * What a shipping provider adapter provides to shipping: {@link dev.esm.shipping.spi.ShippingProvider} (rates,
 * labels, refunds, trackers) with its closed {@link dev.esm.shipping.spi.ShippingProviderException} set. Marketplace
 * ports (tracking push-back) live in {@code dev.esm.marketplace}.
 */
@org.springframework.modulith.NamedInterface("spi")
package dev.esm.shipping.spi;
