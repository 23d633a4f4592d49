package dev.esm.sandbox;

import java.math.BigDecimal;
import java.util.List;

/**
 * One listing of a simulated seller, as the marketplace keeps it. Awkward on purpose: {@code imageUrl} may be null,
 * {@code price} may carry three decimals, {@code published} may be false with reasons in {@code issues}.
 *
 * @param marketplaceFulfilled stock held by the marketplace (Amazon FBA, Walmart WFS); never the seller's to push
 */
public record DemoListing(String sku, String itemId, String gtin, String title, String brand, String colour,
                          String imageUrl, BigDecimal price, int quantity, boolean published,
                          boolean marketplaceFulfilled, List<Issue> issues, long updatedAtMillis) {

    public DemoListing {
        issues = List.copyOf(issues);
    }

    /** A marketplace's message about a listing; {@code severity} is ERROR, WARNING or INFO. */
    public record Issue(String code, String message, String severity) {
    }

    public DemoListing withPrice(BigDecimal newPrice, long at) {
        return new DemoListing(sku, itemId, gtin, title, brand, colour, imageUrl, newPrice, quantity, published,
                marketplaceFulfilled, issues, at);
    }

    public DemoListing withQuantity(int newQuantity, long at) {
        return new DemoListing(sku, itemId, gtin, title, brand, colour, imageUrl, price, newQuantity, published,
                marketplaceFulfilled, issues, at);
    }
}
