/**
 * Catalog: every listing of the operator's stores as its marketplace last described it (the listing sync, a second
 * resource synced per store beside orders, with its own cursor and the stores' shared quotas), grouped by SKU into
 * products, with the {@code /catalog} page and {@code /api/v1/listings}. Uses {@link dev.esm.marketplace.ListingSource}
 * by store id, never credentials.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"accounts :: spi", "marketplace", "stores", "platform",
        "platform :: problems", "platform :: quota", "shared"})
package dev.esm.catalog;
