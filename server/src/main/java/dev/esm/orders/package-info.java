/**
 * Orders: the order model, the order sync and its quotas, order queries and pages. Its {@code spi} sub-package holds
 * what a marketplace connector provides ({@link dev.esm.orders.spi.OrderSource}) and what shipping provides
 * ({@link dev.esm.orders.spi.ShippingNotes}).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"accounts :: spi", "marketplace", "stores", "privacy",
        "platform",
        "platform :: problems", "platform :: quota", "shared"})
package dev.esm.orders;
