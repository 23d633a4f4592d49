package dev.esm.marketplace.ebay;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.esm.marketplace.ListingPage;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.marketplace.MarketplaceListing;
import dev.esm.marketplace.MarketplaceListing.Fulfilment;
import dev.esm.marketplace.MarketplaceListing.Issue;
import dev.esm.marketplace.MarketplaceListing.Status;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.marketplace.adapter.ListingConnector;
import dev.esm.marketplace.http.Permits;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.platform.quota.Meter;
import dev.esm.shared.Marketplace;

/**
 * eBay listings through the Inventory API: {@code GET /sell/inventory/v1/inventory_item?limit=&offset=} (title,
 * images, aspects, quantity; {@code offset} is a PAGE NUMBER, which is the cursor), then for each SKU
 * {@code GET /sell/inventory/v1/offer?sku=} (price, publish status, listing id). A SKU without an offer answers 404
 * {@code 25713}: the item is not listed. The token asks for the Inventory API's scope; a store connected before ESM
 * asked for it must be connected again ({@code invalid_scope} → CredentialsExpired).
 */
class EbayListings implements ListingConnector<StoreCredentials.Ebay> {

    static final String ITEMS_PATH = "/sell/inventory/v1/inventory_item";
    static final String OFFERS_PATH = "/sell/inventory/v1/offer";
    static final int PAGE_SIZE = 25;
    /** The Inventory API's daily quota, commonly cited as 2,000,000 a day (marketplaces.md §3.5, UNCONFIRMED). */
    static final CallLimit INVENTORY = CallLimit.perDay("ebay-inventory", 2_000_000).meteredBy(Meter.APPLICATION);
    /** eBay's "no offer for this SKU" answer to getOffers. */
    static final int NO_OFFER = 25713;

    private final EbayProperties properties;
    private final EbayTokens tokens;
    private final EbayHttp http = new EbayHttp();

    EbayListings(EbayProperties properties, EbayTokens tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.EBAY;
    }

    @Override
    public CallLimit listingCalls() {
        return INVENTORY;
    }

    @Override
    public ListingPage fetch(StoreCredentials.Ebay credentials, String cursor, CallPermits permits)
            throws MarketplaceException {
        int pageNumber = page(cursor);
        String operation = "GET " + ITEMS_PATH;
        HttpResponse<String> response = call(credentials, properties.baseUrl() + ITEMS_PATH + "?limit=" + PAGE_SIZE
                + "&offset=" + pageNumber, operation, permits);
        JsonNode body = read(response, operation);
        List<MarketplaceListing> listings = new ArrayList<>();
        for (JsonNode item : body.path("inventoryItems")) {
            String sku = EbayHttp.text(item.path("sku"));
            if (sku == null || sku.isBlank()) {
                continue;
            }
            listings.add(listing(item, offer(credentials, sku, permits)));
        }
        String next = EbayHttp.text(body.path("next"));
        return next == null || next.isBlank() || listings.isEmpty() ? new ListingPage(listings, List.of(), null, true)
                : new ListingPage(listings, List.of(), String.valueOf(pageNumber + 1), false);
    }

    /** The SKU's offer (the first one), or null when it has none. */
    private JsonNode offer(StoreCredentials.Ebay credentials, String sku, CallPermits permits)
            throws MarketplaceException {
        String operation = "GET " + OFFERS_PATH;
        HttpResponse<String> response = call(credentials, properties.baseUrl() + OFFERS_PATH + "?sku="
                + URLEncoder.encode(sku, StandardCharsets.UTF_8).replace("+", "%20"), operation, permits);
        if (response.statusCode() == 404 && http.errorIds(response.body()).contains(String.valueOf(NO_OFFER))) {
            return null;
        }
        return read(response, operation).path("offers").path(0);
    }

    /** An inventory item with its offer (null: none). */
    static MarketplaceListing listing(JsonNode item, JsonNode offer) {
        JsonNode product = item.path("product");
        Map<String, String> attributes = new LinkedHashMap<>();
        String brand = EbayHttp.text(product.path("brand"));
        if (brand != null && !brand.isBlank()) {
            attributes.put("brand", brand);
        }
        product.path("aspects").properties().forEach(aspect -> {
            String value = EbayHttp.text(aspect.getValue().path(0));
            if (value != null && attributes.size() < 8) {
                attributes.putIfAbsent(aspect.getKey().toLowerCase(java.util.Locale.ROOT), value);
            }
        });
        String condition = EbayHttp.text(item.path("condition"));
        if (condition != null) {
            attributes.put("condition", condition);
        }
        JsonNode quantityNode = item.path("availability").path("shipToLocationAvailability").path("quantity");
        Integer quantity = quantityNode.isNumber() ? Math.max(0, quantityNode.asInt()) : null;
        List<Issue> issues = new ArrayList<>();
        BigDecimal price = null;
        String currency = null;
        String itemId = null;
        Status status = Status.UNPUBLISHED;
        if (offer == null || offer.isMissingNode()) {
            issues.add(new Issue(String.valueOf(NO_OFFER), "This Offer is not available.", "ERROR"));
        } else {
            String value = EbayHttp.text(offer.path("pricingSummary").path("price").path("value"));
            price = value == null ? null : new BigDecimal(value);
            currency = price == null ? null : EbayHttp.text(offer.path("pricingSummary").path("price").path("currency"));
            itemId = EbayHttp.text(offer.path("listing").path("listingId"));
            if ("PUBLISHED".equals(EbayHttp.text(offer.path("status")))) {
                status = Status.PUBLISHED;
            } else {
                issues.add(new Issue("UNPUBLISHED", "The offer is not published.", "ERROR"));
            }
            if (offer.path("availableQuantity").isNumber()) {
                quantity = Math.max(0, offer.path("availableQuantity").asInt());
            }
        }
        JsonNode image = product.path("imageUrls").path(0);
        return new MarketplaceListing(EbayHttp.text(item.path("sku")), itemId, EbayHttp.text(product.path("title")),
                EbayHttp.text(image), attributes, price, currency == null && price != null ? "USD" : currency,
                quantity, status, Fulfilment.SELLER, issues);
    }

    private HttpResponse<String> call(StoreCredentials.Ebay credentials, String url, String operation,
                                      CallPermits permits) throws MarketplaceException {
        List<String> scopes = List.of(EbayProperties.INVENTORY_SCOPE);
        String token = tokens.accessToken(credentials, permits, scopes);
        Permits.take(permits, INVENTORY);
        HttpResponse<String> response = http.send(request(url, token), operation);
        if (response.statusCode() == 401) {
            tokens.forget(credentials);
            token = tokens.accessToken(credentials, permits, scopes);
            Permits.take(permits, INVENTORY);
            response = http.send(request(url, token), operation);
        }
        return response;
    }

    private JsonNode read(HttpResponse<String> response, String operation) throws MarketplaceException {
        if (response.statusCode() == 403) {
            throw new CredentialsExpired(operation + " refused the store's authorization (HTTP 403); connect the store "
                    + "again so ESM may read its listings");
        }
        return http.ok(response, operation, properties.rateLimitWait());
    }

    private HttpRequest request(String url, String accessToken) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(properties.requestTimeout())
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json")
                .header("Content-Language", "en-US")
                .GET()
                .build();
    }

    private static int page(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(cursor));
        } catch (NumberFormatException e) {
            return 0; // a cursor of another format: the scan starts over
        }
    }
}
