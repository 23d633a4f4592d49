package dev.esm.marketplace;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One listing as its marketplace describes it, in ESM's words. Fields a marketplace does not give are null (Walmart's
 * item list has no image; its quantity comes on inventory pages, see {@link ListingPage#stock()}).
 *
 * @param attributes a few key attributes (brand, colour, GTIN...), name → value, small
 * @param price      as the marketplace gives it, up to three decimals; null when it has no offer
 * @param quantity   what is sellable now; null when this page does not say
 * @param fulfilment {@link Fulfilment#MARKETPLACE} for stock the marketplace holds (Amazon FBA, Walmart WFS): ESM never
 *                   pushes its quantity
 * @param issues     the marketplace's own messages about the listing
 */
public record MarketplaceListing(String sku, String marketplaceItemId, String title, String imageUrl,
                                 Map<String, String> attributes, BigDecimal price, String currency, Integer quantity,
                                 Status status, Fulfilment fulfilment, List<Issue> issues) {

    public MarketplaceListing {
        attributes = Map.copyOf(attributes);
        issues = List.copyOf(issues);
    }

    public enum Status { PUBLISHED, UNPUBLISHED }

    public enum Fulfilment { SELLER, MARKETPLACE }

    /** A marketplace's message about a listing; {@code severity} ERROR, WARNING or INFO. */
    public record Issue(String code, String message, String severity) {
    }

    /** A SKU's sellable quantity from a marketplace's inventory listing (summed over its ship nodes). */
    public record Stock(String sku, int quantity) {
    }
}
