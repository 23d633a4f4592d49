/**
 * Shipping-provider adapters ({@code easypost}), implementing {@link dev.esm.shipping.spi.ShippingProvider}. Not a
 * marketplace: nothing here pushes to or reads from a marketplace.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shipping :: spi", "shared"})
package dev.esm.providers;
