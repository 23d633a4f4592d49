package dev.esm.sandbox.ebay;

import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /sell/fulfillment/v1/order} (getOrders: filter, limit, offset, orderIds) and
 * {@code GET /sell/fulfillment/v1/order/{orderId}} (getOrder). The gate has already checked the access token and
 * charged the daily quota; the request's principal is the seller.
 */
final class EbayOrdersApi {

    static final String PATH = "/sell/fulfillment/v1/order";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_ORDER_IDS = 50;

    private final EbaySimulator simulator;

    EbayOrdersApi(EbaySimulator simulator) {
        this.simulator = simulator;
    }

    SandboxResponse list(SandboxRequest request) {
        EbaySeller seller = seller(request);
        String base = base(request);
        long now = simulator.now();
        String orderIds = request.query("orderIds");
        if (orderIds != null && !orderIds.isBlank()) {
            return byIds(seller, orderIds, base, now);
        }
        int limit = number(request.query("limit"), DEFAULT_LIMIT, 1, simulator.maxLimit(), 31100, "limit");
        int offset = number(request.query("offset"), 0, 0, Integer.MAX_VALUE, 31000, "offset");
        String filter = request.query("filter");
        if (filter != null && simulator.requireEncodedFilter() && rawFilterHasReservedCharacters(request.rawQuery())) {
            throw EbayErrors.badRequest(30800, "Invalid filter value: the characters [ ] { } | must be "
                    + "percent-encoded", "filter", filter);
        }
        EbayOrderStore.Query query = EbayOrderFilter.parse(filter, now, simulator.lookback().toMillis());
        EbayOrderStore.Page page = seller.store().list(query, offset, limit);
        ObjectNode body = Json.object();
        body.put("href", pageUrl(base, filter, limit, offset));
        body.put("total", page.total());
        if (offset > 0) {
            body.put("prev", pageUrl(base, filter, limit, Math.max(0, offset - limit)));
        }
        body.put("limit", limit);
        body.put("offset", offset);
        if ((long) offset + page.orders().size() < page.total()) {
            body.put("next", pageUrl(base, filter, limit, offset + limit));
        }
        ArrayNode orders = body.putArray("orders");
        page.orders().forEach(o -> orders.add(render(seller, o, base, now)));
        return SandboxResponse.json(200, body);
    }

    SandboxResponse get(SandboxRequest request) {
        EbaySeller seller = seller(request);
        String id = request.pathParam("orderId");
        EbayOrder order = seller.order(id).orElseThrow(() -> EbayErrors.notFound(id));
        return SandboxResponse.json(200, render(seller, order, base(request), simulator.now()));
    }

    /** {@code POST /order/{orderId}/shipping_fulfillment}: 201 with the new fulfillment's URI in Location. */
    SandboxResponse createShippingFulfillment(SandboxRequest request) {
        EbayOAuth.Access access = (EbayOAuth.Access) request.principal();
        if (!access.scopes().contains(EbaySimulator.SCOPE_FULFILLMENT)) {
            throw EbayErrors.accessDenied();
        }
        String id = request.pathParam("orderId");
        if (seller(request).store().indexOf(id) < 0) {
            throw EbayErrors.notFound(id);
        }
        EbayShipping.Request shipment = EbayShipping.parse(request.body(), simulator.now());
        ShippingFulfillment created = seller(request).createShippingFulfillment(id, shipment);
        return SandboxResponse.json(201, Json.object())
                .header("Location", fulfillmentUrl(base(request), id, created.fulfillmentId()));
    }

    /** {@code GET /order/{orderId}/shipping_fulfillment} (getShippingFulfillments). */
    SandboxResponse shippingFulfillments(SandboxRequest request) {
        List<ShippingFulfillment> all = fulfillments(seller(request), request.pathParam("orderId"));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("fulfillments");
        all.forEach(f -> list.add(fulfillment(f)));
        body.put("total", all.size());
        return SandboxResponse.json(200, body);
    }

    /** {@code GET /order/{orderId}/shipping_fulfillment/{fulfillmentId}} (getShippingFulfillment). */
    SandboxResponse shippingFulfillment(SandboxRequest request) {
        String id = request.pathParam("fulfillmentId");
        return fulfillments(seller(request), request.pathParam("orderId")).stream()
                .filter(f -> f.fulfillmentId().equals(id)).reduce((a, b) -> b)
                .map(f -> SandboxResponse.json(200, fulfillment(f)))
                .orElseThrow(() -> EbayErrors.badRequest(32110, "Invalid shipping fulfillment ID: " + id,
                        "fulfillmentId", id));
    }

    /** The order's fulfillments: one for what the seller shipped outside the API (if any), then the API's. */
    private static List<ShippingFulfillment> fulfillments(EbaySeller seller, String orderId) {
        EbayOrder order = seller.order(orderId).orElseThrow(() -> EbayErrors.notFound(orderId));
        List<ShippingFulfillment> all = new ArrayList<>();
        if (order.trackingNumber() != null) {
            Map<String, Integer> lines = new LinkedHashMap<>();
            EbayOrderState state = seller.store().state(seller.store().indexOf(orderId));
            for (int i = 0; i < Math.min(state.fulfilledLines(), order.lineItems().size()); i++) {
                lines.put(order.lineItems().get(i).lineItemId(), order.lineItems().get(i).quantity());
            }
            all.add(new ShippingFulfillment(order.trackingNumber(), orderId, lines, order.shippingCarrierCode(),
                    order.trackingNumber(), Instant.ofEpochMilli(order.creationDate()), null));
        }
        all.addAll(seller.shippingFulfillments(orderId));
        return all;
    }

    private static ObjectNode fulfillment(ShippingFulfillment f) {
        ObjectNode n = Json.object();
        n.put("fulfillmentId", f.fulfillmentId());
        ArrayNode items = n.putArray("lineItems");
        f.lineItems().forEach((id, quantity) -> {
            ObjectNode item = items.addObject().put("lineItemId", id);
            if (quantity > 0) {
                item.put("quantity", quantity);
            }
        });
        if (f.trackingNumber() != null) {
            n.put("shipmentTrackingNumber", f.trackingNumber());
            n.put("shippingCarrierCode", f.shippingCarrierCode());
        }
        n.put("shippedDate", EbayJson.date(f.shippedDate().toEpochMilli()));
        return n;
    }

    private static String fulfillmentUrl(String base, String orderId, String fulfillmentId) {
        return base + PATH + "/" + orderId + "/shipping_fulfillment/" + fulfillmentId;
    }

    /** The order's JSON with the hrefs of the fulfillments created through the API. */
    private static ObjectNode render(EbaySeller seller, EbayOrder order, String base, long now) {
        ObjectNode json = EbayJson.order(order, base, now);
        ArrayNode hrefs = (ArrayNode) json.get("fulfillmentHrefs");
        seller.shippingFulfillments(order.orderId())
                .forEach(f -> hrefs.add(fulfillmentUrl(base, order.orderId(), f.fulfillmentId())));
        return json;
    }

    private SandboxResponse byIds(EbaySeller seller, String orderIds, String base, long now) {
        String[] ids = orderIds.split(",");
        if (ids.length > MAX_ORDER_IDS) {
            throw EbayErrors.badRequest(30900, "Exceeded maximum number of order IDs (the current limit is 50)",
                    "orderIds", null);
        }
        List<EbayOrder> found = new ArrayList<>();
        for (String id : ids) {
            seller.order(id.trim()).ifPresent(found::add);
        }
        ObjectNode body = Json.object();
        body.put("href", base + PATH + "?orderIds=" + String.join(",", ids));
        body.put("total", found.size());
        body.put("limit", DEFAULT_LIMIT);
        body.put("offset", 0);
        ArrayNode orders = body.putArray("orders");
        found.forEach(o -> orders.add(render(seller, o, base, now)));
        return SandboxResponse.json(200, body);
    }

    /** A page's URI the way eBay writes them: the filter with its brackets, braces and pipes percent-encoded. */
    static String pageUrl(String base, String filter, int limit, int offset) {
        StringBuilder url = new StringBuilder(base).append(PATH).append('?');
        if (filter != null) {
            url.append("filter=").append(encodeFilter(filter)).append('&');
        }
        return url.append("limit=").append(limit).append("&offset=").append(offset).toString();
    }

    static String encodeFilter(String filter) {
        StringBuilder out = new StringBuilder();
        for (char c : filter.toCharArray()) {
            switch (c) {
                case '[' -> out.append("%5B");
                case ']' -> out.append("%5D");
                case '{' -> out.append("%7B");
                case '}' -> out.append("%7D");
                case '|' -> out.append("%7C");
                case ' ' -> out.append("%20");
                case '+' -> out.append("%2B");
                case '&' -> out.append("%26");
                case '#' -> out.append("%23");
                case '%' -> out.append("%25");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean rawFilterHasReservedCharacters(String rawQuery) {
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("filter=") && pair.chars().anyMatch(c -> "[]{}|".indexOf(c) >= 0)) {
                return true;
            }
        }
        return false;
    }

    private static int number(String raw, int fallback, int min, int max, int errorId, String name) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error
        }
        throw EbayErrors.badRequest(errorId, "Invalid " + name + ": " + raw, name, raw);
    }

    /** The scheme and host the client used, so that href/next point back at this simulator. */
    private String base(SandboxRequest request) {
        String host = request.header("Host");
        return host == null || host.isBlank() ? simulator.baseUrl() : "http://" + host;
    }

    private static EbaySeller seller(SandboxRequest request) {
        return ((EbayOAuth.Access) request.principal()).seller();
    }
}
