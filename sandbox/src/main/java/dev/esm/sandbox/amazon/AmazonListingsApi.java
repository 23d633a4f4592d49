package dev.esm.sandbox.amazon;

import dev.esm.sandbox.DemoListing;
import dev.esm.sandbox.DemoListings;
import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Listings Items 2021-08-01 {@code searchListingsItems}: {@code GET /listings/2021-08-01/items/{sellerId}} with
 * {@code marketplaceIds} (required), {@code includedData} (summaries by default; attributes, issues, offers,
 * fulfillmentAvailability), {@code pageSize} (at most 20, default 10) and {@code pageToken}; answers
 * {@code numberOfResults}, {@code pagination.nextToken} (absent on the last page) and {@code items}. Prices are
 * strings ({@code Decimal}), an image may be missing, an FBA listing's quantity sits under {@code AMAZON_NA}.
 */
final class AmazonListingsApi {

    static final String PATH = "/listings/2021-08-01/items/{sellerId}";
    static final int MAX_PAGE_SIZE = 20;
    /** "The maximum number of items (SKUs) that can be returned and paged through is 1000." */
    static final int MAX_RESULTS = 1000;
    private static final Set<String> INCLUDED = Set.of("summaries", "attributes", "issues", "offers",
            "fulfillmentAvailability", "procurement", "relationships", "productTypes");

    private AmazonListingsApi() {
    }

    static List<DemoListing.Issue> issues(SplittableRandom r, boolean published) {
        List<DemoListing.Issue> out = new ArrayList<>();
        if (!published) {
            out.add(new DemoListing.Issue("90220", "'item_type_keyword' is required but not supplied.", "ERROR"));
        }
        if (r.nextInt(10) == 0) {
            out.add(new DemoListing.Issue("18027", "The main image does not meet Amazon's image requirements: the "
                    + "background must be pure white.", "WARNING"));
        }
        return out;
    }

    static SandboxResponse search(SandboxRequest request, String marketplaceId) {
        AmazonSeller seller = (AmazonSeller) request.principal();
        if (!seller.sellingPartnerId().equals(request.pathParam("sellerId"))) {
            throw new SandboxException(AmazonErrors.response(403, "Unauthorized",
                    "Access to requested resource is denied.", "The sellerId is not the token's selling partner."));
        }
        String marketplaces = request.query("marketplaceIds");
        if (marketplaces == null || marketplaces.isBlank()) {
            throw AmazonErrors.invalidInput("Missing required marketplaceIds");
        }
        if (!List.of(marketplaces.split(",")).contains(marketplaceId)) {
            throw AmazonErrors.invalidInput("Invalid marketplaceIds: " + marketplaces);
        }
        Set<String> included = included(request.query("includedData"));
        int pageSize = pageSize(request.query("pageSize"));
        int offset = token(request.query("pageToken"));
        DemoListings listings = seller.listings();
        int total = Math.min(listings.size(), MAX_RESULTS);
        List<DemoListing> page = listings.page(offset, Math.max(0, Math.min(pageSize, total - offset)));
        ObjectNode body = Json.object();
        body.put("numberOfResults", listings.size());
        ObjectNode pagination = body.putObject("pagination");
        if (offset + page.size() < total) {
            pagination.put("nextToken", tokenOf(offset + page.size()));
        }
        if (offset > 0) {
            pagination.put("previousToken", tokenOf(Math.max(0, offset - pageSize)));
        }
        ArrayNode items = body.putArray("items");
        page.forEach(l -> items.add(item(l, included, marketplaceId)));
        return SandboxResponse.json(200, body);
    }

    private static ObjectNode item(DemoListing l, Set<String> included, String marketplaceId) {
        ObjectNode item = Json.object();
        item.put("sku", l.sku());
        if (included.contains("summaries")) {
            ObjectNode summary = item.putArray("summaries").addObject();
            summary.put("marketplaceId", marketplaceId);
            summary.put("asin", "B0" + l.itemId().substring(0, 8));
            summary.put("productType", "HOME");
            summary.put("conditionType", "new_new");
            ArrayNode status = summary.putArray("status");
            if (l.published()) {
                status.add("BUYABLE");
                status.add("DISCOVERABLE");
            }
            if (l.marketplaceFulfilled()) {
                summary.put("fnSku", "X00" + l.itemId().substring(0, 7));
            }
            summary.put("itemName", l.title());
            summary.put("createdDate", Instant.ofEpochMilli(l.updatedAtMillis()).minusSeconds(86_400 * 90L).toString());
            summary.put("lastUpdatedDate", Instant.ofEpochMilli(l.updatedAtMillis()).toString());
            if (l.imageUrl() != null) {
                ObjectNode image = summary.putObject("mainImage");
                image.put("link", l.imageUrl());
                image.put("height", 500);
                image.put("width", 500);
            }
        }
        if (included.contains("attributes")) {
            ObjectNode attributes = item.putObject("attributes");
            ObjectNode name = attributes.putArray("item_name").addObject();
            name.put("value", l.title());
            name.put("language_tag", "en_US");
            name.put("marketplace_id", marketplaceId);
            attributes.putArray("brand").addObject().put("value", l.brand());
            if (l.colour() != null) {
                attributes.putArray("color").addObject().put("value", l.colour());
            }
            attributes.putArray("externally_assigned_product_identifier").addObject().put("value", l.gtin());
        }
        if (included.contains("issues")) {
            ArrayNode issues = item.putArray("issues");
            for (DemoListing.Issue i : l.issues()) {
                ObjectNode issue = issues.addObject();
                issue.put("code", i.code());
                issue.put("message", i.message());
                issue.put("severity", i.severity());
                issue.putArray("attributeNames");
                issue.putArray("categories").add(i.severity().equals("ERROR") ? "MISSING_ATTRIBUTE"
                        : "INVALID_ATTRIBUTE");
            }
        }
        if (included.contains("offers")) {
            ArrayNode offers = item.putArray("offers");
            if (l.published()) {
                ObjectNode offer = offers.addObject();
                offer.put("marketplaceId", marketplaceId);
                offer.put("offerType", "B2C");
                ObjectNode price = offer.putObject("price");
                price.put("currencyCode", "USD");
                price.put("amount", l.price().toPlainString());
                offer.set("audience", Json.object().put("value", "ALL").put("displayName", "Sell on Amazon"));
            }
        }
        if (included.contains("fulfillmentAvailability")) {
            ObjectNode availability = item.putArray("fulfillmentAvailability").addObject();
            availability.put("fulfillmentChannelCode", l.marketplaceFulfilled() ? "AMAZON_NA" : "DEFAULT");
            availability.put("quantity", l.quantity());
        }
        return item;
    }

    private static Set<String> included(String raw) {
        if (raw == null || raw.isBlank()) {
            return Set.of("summaries");
        }
        Set<String> out = new java.util.HashSet<>();
        for (String value : raw.split(",")) {
            if (!INCLUDED.contains(value.trim())) {
                throw AmazonErrors.invalidInput("Invalid includedData value: " + value);
            }
            out.add(value.trim());
        }
        return out;
    }

    private static int pageSize(String raw) {
        if (raw == null || raw.isBlank()) {
            return 10;
        }
        try {
            int size = Integer.parseInt(raw.trim());
            if (size >= 1 && size <= MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw AmazonErrors.invalidInput("pageSize must be from 1 to " + MAX_PAGE_SIZE);
    }

    private static int token(String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
            if (text.startsWith("listings:")) {
                return Integer.parseInt(text.substring(9));
            }
        } catch (IllegalArgumentException ignored) {
            // falls through
        }
        throw AmazonErrors.invalidInput("Invalid pageToken");
    }

    private static String tokenOf(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("listings:" + offset)
                .getBytes(StandardCharsets.UTF_8));
    }
}
