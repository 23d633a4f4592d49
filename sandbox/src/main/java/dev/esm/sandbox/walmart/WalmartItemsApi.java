package dev.esm.sandbox.walmart;

import dev.esm.sandbox.DemoListing;
import dev.esm.sandbox.DemoListings;
import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code GET /v3/items} (ItemResponses: {@code ItemResponse[]}, {@code totalItems}, {@code nextCursor}; price but no
 * quantity, no image) and {@code GET /v3/inventories} (all SKUs by ship node, {@code meta.nextCursor}), as items.json
 * and inventory.json describe them. Cursors are opaque; the first page is {@code nextCursor=*}.
 */
final class WalmartItemsApi {

    static final int DEFAULT_ITEMS_LIMIT = 20;
    static final int MAX_ITEMS_LIMIT = 50;
    static final int DEFAULT_INVENTORY_LIMIT = 10;
    static final int MAX_INVENTORY_LIMIT = 50;
    private static final String[] REASONS = {
        "No shipping information was set up. Please re - ingest this item with a shipping price if you are "
                + "submitting an over - ride.",
        "You did not assign a tax code to your listing during item setup. Please re-ingest your item with a valid "
                + "tax code.",
        "Your item's price is outside the allowed range for its category.",
    };

    private WalmartItemsApi() {
    }

    /** Walmart speaks of an item's problems only as unpublished reasons. */
    static List<DemoListing.Issue> issues(SplittableRandom r, boolean published) {
        if (published) {
            return List.of();
        }
        List<DemoListing.Issue> out = new ArrayList<>();
        out.add(new DemoListing.Issue("UNPUBLISHED", REASONS[r.nextInt(REASONS.length)], "ERROR"));
        if (r.nextBoolean()) {
            out.add(new DemoListing.Issue("UNPUBLISHED", REASONS[1], "ERROR"));
        }
        return out.stream().distinct().toList();
    }

    static SandboxResponse items(SandboxRequest request) {
        DemoListings listings = seller(request).listings();
        int limit = limit(request, DEFAULT_ITEMS_LIMIT, MAX_ITEMS_LIMIT);
        int offset = cursor(request.query("nextCursor"), "items");
        List<DemoListing> page = listings.page(offset, limit);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("ItemResponse");
        for (DemoListing l : page) {
            ObjectNode item = items.addObject();
            item.put("mart", "WALMART_US");
            item.put("sku", l.sku());
            item.put("wpid", l.itemId());
            item.put("upc", l.gtin().substring(2));
            item.put("gtin", l.gtin());
            item.put("productName", l.title());
            item.put("shelf", "[\"Home Page\",\"UNNAV\"]");
            item.put("productType", l.brand() + " goods");
            ObjectNode price = item.putObject("price");
            price.put("currency", "USD");
            price.put("amount", l.price());
            item.put("publishedStatus", l.published() ? "PUBLISHED" : "UNPUBLISHED");
            if (!l.issues().isEmpty()) {
                ArrayNode reasons = item.putObject("unpublishedReasons").putArray("reason");
                l.issues().forEach(i -> reasons.add(i.message()));
            }
            item.put("lifecycleStatus", "ACTIVE");
        }
        body.put("totalItems", listings.size());
        if (offset + page.size() < listings.size()) {
            body.put("nextCursor", cursorOf("items", offset + page.size()));
        }
        return SandboxResponse.json(200, body);
    }

    static SandboxResponse inventories(SandboxRequest request) {
        DemoListings listings = seller(request).listings();
        int limit = limit(request, DEFAULT_INVENTORY_LIMIT, MAX_INVENTORY_LIMIT);
        int offset = cursor(request.query("nextCursor"), "inventories");
        List<DemoListing> page = listings.page(offset, limit);
        ObjectNode body = Json.object();
        ObjectNode meta = body.putObject("meta");
        meta.put("totalCount", listings.size());
        if (offset + page.size() < listings.size()) {
            meta.put("nextCursor", cursorOf("inventories", offset + page.size()));
        }
        ArrayNode inventories = body.putObject("elements").putArray("inventories");
        for (DemoListing l : page) {
            ObjectNode inventory = inventories.addObject();
            inventory.put("sku", l.sku());
            ArrayNode nodes = inventory.putArray("nodes");
            // a second ship node for every fifth SKU: the sellable quantity is the sum over nodes
            boolean twoNodes = Math.floorMod(l.sku().hashCode(), 5) == 0 && l.quantity() > 1;
            int first = twoNodes ? l.quantity() / 2 : l.quantity();
            node(nodes, "100009", first);
            if (twoNodes) {
                node(nodes, "361451354333223041", l.quantity() - first);
            }
        }
        return SandboxResponse.json(200, body);
    }

    private static void node(ArrayNode nodes, String shipNode, int sellable) {
        ObjectNode node = nodes.addObject();
        node.put("shipNode", shipNode);
        int reserved = sellable > 3 ? 1 : 0;
        quantity(node.putObject("inputQty"), sellable + reserved);
        quantity(node.putObject("availToSellQty"), sellable);
        quantity(node.putObject("reservedQty"), reserved);
    }

    private static void quantity(ObjectNode node, int amount) {
        node.put("unit", "EACH");
        node.put("amount", amount);
    }

    private static int limit(SandboxRequest request, int fallback, int max) {
        String raw = request.query("limit");
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw WalmartErrors.badParam("limit", "limit must be a number from 1 to " + max);
    }

    private static int cursor(String raw, String kind) {
        if (raw == null || raw.isBlank() || raw.equals("*")) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
            if (text.startsWith(kind + ":")) {
                return Integer.parseInt(text.substring(kind.length() + 1));
            }
        } catch (IllegalArgumentException ignored) {
            // falls through
        }
        throw WalmartErrors.badParam("nextCursor", "Invalid nextCursor");
    }

    private static String cursorOf(String kind, int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + ":" + offset)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static WalmartSeller seller(SandboxRequest request) {
        return (WalmartSeller) request.principal();
    }
}
