package dev.esm.marketplace.walmart;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.ListingPage;
import dev.esm.marketplace.MarketplaceException;
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
 * Walmart listings in two phases of one scan: {@code GET /v3/items} ({@code nextCursor}, starting at {@code *}) for
 * title, price, publish status and unpublished reasons, then {@code GET /v3/inventories} for each SKU's sellable
 * quantity summed over its ship nodes. The cursor is {@code items:<walmart cursor>} or
 * {@code inventories:<walmart cursor>}. The item list gives no image and no fulfilment channel: WFS stock
 * ({@code /v3/fulfillment/inventory}) is not read yet, so every Walmart listing counts as seller-fulfilled.
 */
class WalmartListings implements ListingConnector<StoreCredentials.Walmart> {

    /** {@code GET /v3/items}: "all items 300/min" (marketplaces.md §1.5, UNCONFIRMED); burst 10 is ESM's assumption. */
    static final CallLimit ITEMS = new CallLimit("walmart-items", 5, 10, Meter.SELLER_ACCOUNT);
    /** {@code GET /v3/inventories}: no published figure; ESM assumes the items list's. */
    static final CallLimit INVENTORIES = new CallLimit("walmart-inventories", 5, 10, Meter.SELLER_ACCOUNT);
    static final int PAGE_SIZE = 50;

    private final WalmartAccess access;
    private final JsonMapper json = JsonMapper.builder().build();

    WalmartListings(WalmartAccess access) {
        this.access = access;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.WALMART;
    }

    @Override
    public CallLimit listingCalls() {
        return ITEMS;
    }

    @Override
    public ListingPage fetch(StoreCredentials.Walmart credentials, String cursor, CallPermits permits)
            throws MarketplaceException {
        if (cursor != null && cursor.startsWith("inventories:")) {
            return inventories(credentials, cursor.substring("inventories:".length()), permits);
        }
        String position = cursor != null && cursor.startsWith("items:") ? cursor.substring("items:".length()) : "*";
        JsonNode body = call(credentials, "/v3/items?limit=" + PAGE_SIZE + "&nextCursor=" + encode(position),
                "GET /v3/items", permits, ITEMS);
        List<MarketplaceListing> listings = new ArrayList<>();
        try {
            for (JsonNode item : body.path("ItemResponse")) {
                listings.add(item(item));
            }
        } catch (RuntimeException e) {
            throw new MarketplaceUnavailable("GET /v3/items answered with an item that could not be read ("
                    + e.getClass().getSimpleName() + ")", null);
        }
        String next = text(body.path("nextCursor"));
        return new ListingPage(listings, List.of(), next == null || next.isBlank() ? "inventories:*" : "items:" + next,
                false);
    }

    private ListingPage inventories(StoreCredentials.Walmart credentials, String position, CallPermits permits)
            throws MarketplaceException {
        JsonNode body = call(credentials, "/v3/inventories?limit=" + PAGE_SIZE + "&nextCursor=" + encode(position),
                "GET /v3/inventories", permits, INVENTORIES);
        List<MarketplaceListing.Stock> stock = new ArrayList<>();
        for (JsonNode inventory : body.path("elements").path("inventories")) {
            MarketplaceListing.Stock line = stock(inventory);
            if (line != null) {
                stock.add(line);
            }
        }
        String next = text(body.path("meta").path("nextCursor"));
        return next == null || next.isBlank() ? new ListingPage(List.of(), stock, null, true)
                : new ListingPage(List.of(), stock, "inventories:" + next, false);
    }

    /** One element of {@code elements.inventories}: the SKU's sellable quantity over its ship nodes; null without SKU. */
    static MarketplaceListing.Stock stock(JsonNode inventory) {
        String sku = text(inventory.path("sku"));
        if (sku == null || sku.isBlank()) {
            return null;
        }
        int quantity = 0;
        for (JsonNode node : inventory.path("nodes")) {
            quantity += Math.max(0, node.path("availToSellQty").path("amount").asInt(0));
        }
        return new MarketplaceListing.Stock(sku, quantity);
    }

    /** One {@code ItemResponse} element. */
    static MarketplaceListing item(JsonNode item) {
        String sku = text(item.path("sku"));
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("item without sku");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        putIfPresent(attributes, "gtin", text(item.path("gtin")));
        putIfPresent(attributes, "upc", text(item.path("upc")));
        putIfPresent(attributes, "productType", text(item.path("productType")));
        JsonNode price = item.path("price");
        BigDecimal amount = price.path("amount").isNumber() ? price.path("amount").decimalValue()
                : price.path("amount").isString() ? new BigDecimal(price.path("amount").asString()) : null;
        List<Issue> issues = new ArrayList<>();
        for (JsonNode reason : item.path("unpublishedReasons").path("reason")) {
            issues.add(new Issue("UNPUBLISHED", reason.asString(), "ERROR"));
        }
        Status status = "PUBLISHED".equals(text(item.path("publishedStatus"))) ? Status.PUBLISHED : Status.UNPUBLISHED;
        return new MarketplaceListing(sku, text(item.path("wpid")), text(item.path("productName")), null, attributes,
                amount, amount == null ? null : textOr(price.path("currency"), "USD"), null, status,
                Fulfilment.SELLER, issues);
    }

    private JsonNode call(StoreCredentials.Walmart credentials, String pathAndQuery, String operation,
                          CallPermits permits, CallLimit limit) throws MarketplaceException {
        HttpResponse<String> response = access.send(credentials, pathAndQuery, null, operation, permits, limit);
        WalmartRateHeaders.tokensLeft(response).ifPresent(left -> permits.marketplaceTokens(limit, left));
        return WalmartBodies.read(json, response, operation);
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
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
