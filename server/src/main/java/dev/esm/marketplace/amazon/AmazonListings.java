package dev.esm.marketplace.amazon;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.esm.marketplace.ListingPage;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.MarketplaceRejected;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.marketplace.MarketplaceListing;
import dev.esm.marketplace.MarketplaceListing.Fulfilment;
import dev.esm.marketplace.MarketplaceListing.Issue;
import dev.esm.marketplace.MarketplaceListing.Status;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.marketplace.adapter.ListingConnector;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.platform.quota.Meter;
import dev.esm.shared.Marketplace;

/**
 * Amazon listings through Listings Items 2021-08-01 {@code searchListingsItems}
 * ({@code GET /listings/2021-08-01/items/{sellerId}}) with {@code includedData} summaries, attributes, issues, offers
 * and fulfillmentAvailability, 20 per page, paged with {@code pagination.nextToken} (the cursor is that token). A
 * listing whose availability is not {@code DEFAULT} (e.g. {@code AMAZON_NA}) is fulfilled by Amazon. Amazon pages
 * through at most 1,000 SKUs per search: a larger catalog needs windows by {@code lastUpdatedAfter} (not done yet).
 */
class AmazonListings implements ListingConnector<StoreCredentials.Amazon> {

    static final String PATH = "/listings/2021-08-01/items/";
    private static final String OPERATION = "GET /listings/2021-08-01/items/{sellerId}";
    static final String INCLUDED_DATA = "summaries,attributes,issues,offers,fulfillmentAvailability";
    static final int PAGE_SIZE = 20;
    /** searchListingsItems' usage plan: 5 requests per second, bursts of 5 (marketplaces.md §2.4). */
    static final CallLimit SEARCH_LISTINGS = new CallLimit("amazon-search-listings", 5, 5, Meter.SELLER_ACCOUNT);

    private final AmazonProperties properties;
    private final AmazonGet get;

    AmazonListings(AmazonProperties properties, AmazonGet get) {
        this.properties = properties;
        this.get = get;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.AMAZON;
    }

    @Override
    public CallLimit listingCalls() {
        return SEARCH_LISTINGS;
    }

    @Override
    public ListingPage fetch(StoreCredentials.Amazon amazon, String cursor, CallPermits permits)
            throws MarketplaceException {
        if (!properties.configured()) {
            throw new MarketplaceRejected("The Amazon connector has no app credentials "
                    + "(esm.connectors.amazon.client-id and client-secret)");
        }
        String marketplaceId = properties.marketplaceIds().get(0);
        StringBuilder query = new StringBuilder(PATH).append(encode(amazon.sellingPartnerId()))
                .append("?marketplaceIds=").append(encode(marketplaceId))
                .append("&includedData=").append(encode(INCLUDED_DATA))
                .append("&pageSize=").append(PAGE_SIZE);
        if (cursor != null) {
            query.append("&pageToken=").append(encode(cursor));
        }
        JsonNode body = get.get(amazon, query.toString(), OPERATION, SEARCH_LISTINGS, permits);
        List<MarketplaceListing> listings = new ArrayList<>();
        try {
            for (JsonNode item : body.path("items")) {
                listings.add(item(item, marketplaceId));
            }
        } catch (RuntimeException e) {
            throw new MarketplaceUnavailable(OPERATION + " answered with an item that could not be read ("
                    + e.getClass().getSimpleName() + ")", null);
        }
        String next = text(body.path("pagination").path("nextToken"));
        return next == null || next.isBlank() ? new ListingPage(listings, List.of(), null, true)
                : new ListingPage(listings, List.of(), next, false);
    }

    /** One {@code Item} of searchListingsItems, read for {@code marketplaceId}. */
    static MarketplaceListing item(JsonNode item, String marketplaceId) {
        String sku = text(item.path("sku"));
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("item without sku");
        }
        JsonNode summary = forMarketplace(item.path("summaries"), marketplaceId);
        Map<String, String> attributes = new LinkedHashMap<>();
        putIfPresent(attributes, "asin", text(summary.path("asin")));
        putIfPresent(attributes, "productType", text(summary.path("productType")));
        putIfPresent(attributes, "condition", text(summary.path("conditionType")));
        putIfPresent(attributes, "brand", text(item.path("attributes").path("brand").path(0).path("value")));
        putIfPresent(attributes, "color", text(item.path("attributes").path("color").path(0).path("value")));
        String title = text(summary.path("itemName"));
        if (title == null) {
            title = text(item.path("attributes").path("item_name").path(0).path("value"));
        }
        boolean buyable = false;
        for (JsonNode status : summary.path("status")) {
            buyable |= "BUYABLE".equals(status.asString());
        }
        JsonNode offer = forMarketplace(item.path("offers"), marketplaceId);
        String amount = text(offer.path("price").path("amount"));
        BigDecimal price = amount == null ? null : new BigDecimal(amount);
        Integer quantity = null;
        Fulfilment fulfilment = Fulfilment.SELLER;
        for (JsonNode availability : item.path("fulfillmentAvailability")) {
            String channel = text(availability.path("fulfillmentChannelCode"));
            int units = Math.max(0, availability.path("quantity").asInt(0));
            quantity = (quantity == null ? 0 : quantity) + units;
            if (channel != null && !channel.equals("DEFAULT")) {
                fulfilment = Fulfilment.MARKETPLACE;
            }
        }
        List<Issue> issues = new ArrayList<>();
        for (JsonNode issue : item.path("issues")) {
            if (!issue.path("marketplaceIds").isEmpty() && !contains(issue.path("marketplaceIds"), marketplaceId)) {
                continue; // another Amazon store's issue
            }
            issues.add(new Issue(text(issue.path("code")), text(issue.path("message")),
                    textOr(issue.path("severity"), "ERROR")));
        }
        return new MarketplaceListing(sku, text(summary.path("asin")), title,
                text(summary.path("mainImage").path("link")), attributes, price,
                price == null ? null : textOr(offer.path("price").path("currencyCode"), "USD"), quantity,
                buyable ? Status.PUBLISHED : Status.UNPUBLISHED, fulfilment, issues);
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.asString())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode forMarketplace(JsonNode array, String marketplaceId) {
        for (JsonNode element : array) {
            if (marketplaceId.equals(text(element.path("marketplaceId")))) {
                return element;
            }
        }
        return array.path(0);
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    private static String textOr(JsonNode node, String fallback) {
        String value = text(node);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
