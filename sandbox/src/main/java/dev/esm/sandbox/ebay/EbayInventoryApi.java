package dev.esm.sandbox.ebay;

import dev.esm.sandbox.DemoListing;
import dev.esm.sandbox.DemoListings;
import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inventory API {@code GET /sell/inventory/v1/inventory_item} (getInventoryItems: {@code limit} 1..100, default 100,
 * and {@code offset} which is the PAGE NUMBER, not a record offset, as the spec says) and
 * {@code GET /sell/inventory/v1/offer?sku=} (getOffers). An inventory item without an offer answers getOffers with
 * 404 {@code 25713 This Offer is not available.}, not an empty list; an unpublished offer has no {@code listing}.
 */
final class EbayInventoryApi {

    static final String ITEMS_PATH = "/sell/inventory/v1/inventory_item";
    static final String OFFERS_PATH = "/sell/inventory/v1/offer";
    static final int MAX_LIMIT = 100;
    static final String DOMAIN = "API_INVENTORY";

    private EbayInventoryApi() {
    }

    /** eBay's offers carry no per-listing issues list; an unpublished item is the problem the seller sees. */
    static List<DemoListing.Issue> issues(SplittableRandom r, boolean published) {
        List<DemoListing.Issue> out = new ArrayList<>();
        if (!published) {
            out.add(new DemoListing.Issue("UNPUBLISHED", r.nextBoolean()
                    ? "The offer is not published: no listing on eBay."
                    : "No offer exists for this inventory item.", "ERROR"));
        }
        return out;
    }

    /** Whether the seller made an offer for the item (a published item always has one). */
    static boolean hasOffer(DemoListing l) {
        return l.published() || !l.issues().isEmpty() && l.issues().get(0).message().startsWith("The offer");
    }

    static SandboxResponse items(SandboxRequest request) {
        DemoListings listings = seller(request).listings();
        int limit = number(request.query("limit"), MAX_LIMIT, 1, MAX_LIMIT, "limit");
        int pageNumber = number(request.query("offset"), 0, 0, Integer.MAX_VALUE / MAX_LIMIT, "offset");
        int first = pageNumber * limit;
        List<DemoListing> page = listings.page(first, limit);
        String base = base(request) + ITEMS_PATH;
        ObjectNode body = Json.object();
        body.put("href", base + "?limit=" + limit + "&offset=" + pageNumber);
        body.put("limit", limit);
        if (first + page.size() < listings.size()) {
            body.put("next", base + "?limit=" + limit + "&offset=" + (pageNumber + 1));
        }
        if (pageNumber > 0) {
            body.put("prev", base + "?limit=" + limit + "&offset=" + (pageNumber - 1));
        }
        body.put("size", page.size());
        body.put("total", listings.size());
        ArrayNode items = body.putArray("inventoryItems");
        for (DemoListing l : page) {
            ObjectNode item = items.addObject();
            item.put("sku", l.sku());
            item.put("locale", "en_US");
            item.put("condition", "NEW");
            item.putObject("availability").putObject("shipToLocationAvailability").put("quantity", l.quantity());
            ObjectNode product = item.putObject("product");
            product.put("title", l.title());
            product.put("brand", l.brand());
            ObjectNode aspects = product.putObject("aspects");
            aspects.putArray("Brand").add(l.brand());
            if (l.colour() != null) {
                aspects.putArray("Color").add(l.colour());
            }
            if (l.imageUrl() != null) {
                product.putArray("imageUrls").add(l.imageUrl());
            }
            product.putArray("upc").add(l.gtin().substring(2));
        }
        return SandboxResponse.json(200, body);
    }

    static SandboxResponse offers(SandboxRequest request) {
        String sku = request.query("sku");
        if (sku == null || sku.isBlank()) {
            throw bad(25709, "Invalid value for sku. The SKU is required.", "sku", sku);
        }
        if (sku.length() > 50) {
            throw bad(25709, "Invalid value for sku. Max length is 50.", "sku", sku);
        }
        DemoListing l = seller(request).listings().find(sku).filter(EbayInventoryApi::hasOffer)
                .orElseThrow(() -> new SandboxException(EbayErrors.response(404, 25713, DOMAIN, "REQUEST",
                        "This Offer is not available.", null)));
        ObjectNode body = Json.object();
        body.put("href", base(request) + OFFERS_PATH + "?sku=" + sku);
        body.put("limit", 100);
        body.put("size", 1);
        body.put("total", 1);
        ObjectNode offer = body.putArray("offers").addObject();
        offer.put("offerId", "5" + Math.floorMod(l.itemId().hashCode(), 1_000_000_000L));
        offer.put("sku", l.sku());
        offer.put("marketplaceId", "EBAY_US");
        offer.put("format", "FIXED_PRICE");
        offer.put("availableQuantity", l.quantity());
        offer.put("categoryId", "20625");
        offer.put("listingDuration", "GTC");
        ObjectNode price = offer.putObject("pricingSummary").putObject("price");
        price.put("value", l.price().toPlainString());
        price.put("currency", "USD");
        offer.put("status", l.published() ? "PUBLISHED" : "UNPUBLISHED");
        if (l.published()) {
            ObjectNode listing = offer.putObject("listing");
            listing.put("listingId", "1" + Math.floorMod(l.itemId().hashCode() * 31L, 100_000_000_000L));
            listing.put("listingStatus", l.quantity() == 0 ? "OUT_OF_STOCK" : "ACTIVE");
            listing.put("soldQuantity", Math.floorMod(l.sku().hashCode(), 40));
        }
        return SandboxResponse.json(200, body);
    }

    private static int number(String raw, int fallback, int min, int max, String name) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw bad(25709, "Invalid value for " + name + ".", name, raw);
    }

    private static SandboxException bad(int errorId, String message, String parameter, String value) {
        SandboxResponse response = EbayErrors.response(400, errorId, DOMAIN, "REQUEST", message, message);
        return new SandboxException(response);
    }

    private static String base(SandboxRequest request) {
        String host = request.header("Host");
        return host == null || host.isBlank() ? "" : "http://" + host;
    }

    private static EbaySeller seller(SandboxRequest request) {
        return ((EbayOAuth.Access) request.principal()).seller();
    }
}
