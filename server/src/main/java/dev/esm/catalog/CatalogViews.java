package dev.esm.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.esm.shared.Marketplace;

/** What the catalog's page and API show. */
public final class CatalogViews {

    private CatalogViews() {
    }

    /** A marketplace's message about a listing. */
    public record Issue(String code, String message, String severity) {
    }

    /**
     * One listing as last read from its marketplace.
     *
     * @param fulfilment SELLER, or MARKETPLACE for stock the marketplace holds (never pushed by ESM)
     */
    public record Listing(UUID id, UUID storeId, String storeName, Marketplace marketplace, String sku,
                          String marketplaceItemId, String title, String imageUrl, Map<String, String> attributes,
                          BigDecimal price, String currency, Integer quantity, String status, String fulfilment,
                          List<Issue> issues, Instant syncedAt, Instant updatedAt) {

        public boolean outOfStock() {
            return quantity != null && quantity == 0;
        }

        public boolean hasErrors() {
            return issues.stream().anyMatch(i -> "ERROR".equals(i.severity()));
        }
    }

    /** The listings sharing one SKU across the operator's stores (matched automatically by SKU). */
    public record Product(String sku, String title, String imageUrl, List<Listing> listings) {

        public int issueCount() {
            return listings.stream().mapToInt(l -> l.issues().size()).sum();
        }
    }

    /**
     * @param products      products matching the filter on this page
     * @param productCount  products matching the filter in all
     * @param listingCount  listings matching the filter in all
     * @param nextAfter     the {@code after} of the next page; null on the last
     */
    public record Page(List<Product> products, long productCount, long listingCount, String nextAfter) {
    }

    /** Where a store's listing sync stands. */
    public record StoreSync(UUID storeId, Instant lastScanAt, String lastError, boolean scanning) {
    }
}
