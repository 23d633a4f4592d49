package dev.esm.sandbox.walmart;

import dev.esm.sandbox.SandboxRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The query of {@code GET /v3/orders}: filters, limit and, on later pages, the position carried by nextCursor.
 * The cursor is keyset-based: {@code soIndex} is the last-modified time and {@code poIndex} the purchase order id of
 * the last order returned, so paging stays consistent while orders arrive or change (a changed order moves to the
 * end: it may be seen twice, never missed). The first page's filters, with defaults filled in, travel in the
 * cursor, so all pages describe the same window.
 */
final class WalmartOrderQuery {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 200;
    static final long DEFAULT_CREATED_WINDOW = 7 * WalmartOrderFactory.DAY;
    static final long MAX_AGE = 180 * WalmartOrderFactory.DAY;

    private static final List<String> FILTERS = List.of("createdStartDate", "createdEndDate",
            "lastModifiedStartDate", "lastModifiedEndDate", "fromExpectedShipDate", "toExpectedShipDate", "status",
            "sku", "customerOrderId", "purchaseOrderId", "productInfo", "shipNodeType", "shippingProgramType",
            "replacementInfo", "orderType");

    final WalmartOrderStore.Filter filter;
    final int limit;
    final long afterKey;
    /** True when the filters exclude every order the sandbox has (e.g. WFS-fulfilled orders). */
    final boolean excludesAll;
    private final Map<String, String> echo;

    private WalmartOrderQuery(WalmartOrderStore.Filter filter, int limit, long afterKey, boolean excludesAll,
                              Map<String, String> echo) {
        this.filter = filter;
        this.limit = limit;
        this.afterKey = afterKey;
        this.excludesAll = excludesAll;
        this.echo = echo;
    }

    static WalmartOrderQuery parse(SandboxRequest request, WalmartSeller seller, long now, boolean released) {
        Map<String, String> echo = new LinkedHashMap<>();
        for (String name : request.queryParams().keySet()) {
            if (FILTERS.contains(name)) {
                echo.put(name, request.query(name));
            }
        }
        boolean anyCreated = echo.containsKey("createdStartDate") || echo.containsKey("createdEndDate");
        boolean anyModified = echo.containsKey("lastModifiedStartDate") || echo.containsKey("lastModifiedEndDate");
        if (anyCreated || !anyModified) {
            echo.putIfAbsent("createdStartDate", WalmartDates.format(now - DEFAULT_CREATED_WINDOW));
            echo.putIfAbsent("createdEndDate", WalmartDates.format(now));
        }
        if (echo.containsKey("lastModifiedStartDate")) {
            echo.putIfAbsent("lastModifiedEndDate", WalmartDates.format(now));
        }
        Long createdStart = date(echo, "createdStartDate");
        Long createdEnd = date(echo, "createdEndDate");
        Long modifiedStart = date(echo, "lastModifiedStartDate");
        Long modifiedEnd = date(echo, "lastModifiedEndDate");
        Long fromShip = date(echo, "fromExpectedShipDate");
        Long toShip = date(echo, "toExpectedShipDate");
        long oldest = now - MAX_AGE;
        createdStart = createdStart == null ? oldest : Math.max(createdStart, oldest);

        int statusBits = 0;
        String statusParam = echo.get("status");
        if (released) {
            statusBits = WalmartStatus.CREATED.bit();
        } else if (statusParam != null && !statusParam.isEmpty()) {
            WalmartStatus status = WalmartStatus.fromWire(statusParam);
            if (status == null || status == WalmartStatus.REFUND) {
                throw WalmartErrors.badParam("status", "Invalid status '" + statusParam
                        + "'; use Created, Acknowledged, Shipped, Delivered or Cancelled");
            }
            statusBits = status.bit();
        }

        boolean excludesAll = false;
        String shipNodeType = echo.get("shipNodeType");
        if (shipNodeType != null && !shipNodeType.equals("SellerFulfilled")) {
            if (!shipNodeType.equals("WFSFulfilled") && !shipNodeType.equals("3PLFulfilled")) {
                throw WalmartErrors.badParam("shipNodeType", "Invalid shipNodeType '" + shipNodeType + "'");
            }
            excludesAll = true;
        }
        String orderType = echo.get("orderType");
        if (orderType != null && !orderType.equals("REGULAR")) {
            if (!orderType.equals("REPLACEMENT")) {
                throw WalmartErrors.badParam("orderType", "Invalid orderType '" + orderType + "'");
            }
            excludesAll = true;
        }

        Predicate<WalmartOrder> detail = detail(echo.get("sku"), echo.get("customerOrderId"),
                echo.get("purchaseOrderId"), fromShip, toShip);
        WalmartOrderStore.Filter filter = new WalmartOrderStore.Filter(createdStart, createdEnd, modifiedStart,
                modifiedEnd, statusBits, detail);
        return new WalmartOrderQuery(filter, limit(request), afterKey(request, seller), excludesAll, echo);
    }

    /** The ready-made query string for the page after {@code last}. */
    String nextCursor(WalmartSeller seller, WalmartOrder last) {
        StringBuilder sb = new StringBuilder("?limit=").append(limit)
                .append("&hasMoreElements=true")
                .append("&soIndex=").append(last.lastModified())
                .append("&poIndex=").append(last.purchaseOrderId())
                .append("&partnerId=").append(seller.partnerId())
                .append("&sellerId=").append(seller.sellerId());
        echo.forEach((k, v) -> sb.append('&').append(k).append('=').append(encode(v)));
        return sb.toString();
    }

    private static int limit(SandboxRequest request) {
        String raw = request.query("limit");
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw WalmartErrors.badParam("limit", "limit must be a number: '" + raw + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw WalmartErrors.badParam("limit", "limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
        return limit;
    }

    private static long afterKey(SandboxRequest request, WalmartSeller seller) {
        if (!"true".equalsIgnoreCase(request.query("hasMoreElements"))) {
            return WalmartOrderStore.FROM_START;
        }
        String sellerId = request.query("sellerId");
        if (sellerId != null && !sellerId.equals(seller.sellerId())) {
            throw WalmartErrors.badParam("sellerId", "nextCursor belongs to another seller");
        }
        String soIndex = request.query("soIndex");
        String poIndex = request.query("poIndex");
        int index = seller.indexOf(poIndex);
        long lastModified;
        try {
            lastModified = Long.parseLong(Objects.requireNonNullElse(soIndex, ""));
        } catch (NumberFormatException e) {
            throw WalmartErrors.badParam("soIndex", "Invalid nextCursor: soIndex '" + soIndex + "'");
        }
        if (index < 0) {
            throw WalmartErrors.badParam("poIndex", "Invalid nextCursor: poIndex '" + poIndex + "'");
        }
        return WalmartOrderStore.key(lastModified, index);
    }

    private static Long date(Map<String, String> params, String name) {
        String raw = params.get(name);
        return raw == null || raw.isBlank() ? null : WalmartDates.parse(name, raw);
    }

    private static Predicate<WalmartOrder> detail(String sku, String customerOrderId, String purchaseOrderId,
                                                  Long fromShip, Long toShip) {
        if (sku == null && customerOrderId == null && purchaseOrderId == null && fromShip == null && toShip == null) {
            return null;
        }
        return order -> (sku == null || order.lines().stream().anyMatch(l -> l.sku().equals(sku)))
                && (customerOrderId == null || order.customerOrderId().equals(customerOrderId))
                && (purchaseOrderId == null || order.purchaseOrderId().equals(purchaseOrderId))
                && (fromShip == null || order.shippingInfo().estimatedShipDate() >= fromShip)
                && (toShip == null || order.shippingInfo().estimatedShipDate() <= toShip);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%3A", ":");
    }
}
