package dev.esm.orders.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.esm.orders.OrderException;
import dev.esm.orders.OrderFilter;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderStatus;
import dev.esm.orders.OrderViews;
import dev.esm.shared.Marketplace;

/** {@code /api/v1/orders}: orders across the signed-in operator's stores. */
@RestController
@RequestMapping("/api/v1/orders")
class OrdersApiController {

    private final OrderQueries orders;

    OrdersApiController(OrderQueries orders) {
        this.orders = orders;
    }

    @GetMapping
    OrderViews.OrderPage list(@RequestParam(required = false) String store,
                              @RequestParam(required = false) String marketplace,
                              @RequestParam(required = false) String status,
                              @RequestParam(required = false) String shipByFrom,
                              @RequestParam(required = false) String shipByTo,
                              @RequestParam(defaultValue = "false") boolean late,
                              @RequestParam(defaultValue = "false") boolean atRisk,
                              @RequestParam(required = false) String q,
                              @RequestParam(defaultValue = "50") int limit,
                              @RequestParam(required = false) String after) {
        return orders.list(filter(store, marketplace, status, shipByFrom, shipByTo, late, atRisk, q, limit, after));
    }

    @GetMapping("/{id}")
    OrderViews.OrderDetails get(@PathVariable String id) {
        return orders.get(orderId(id));
    }

    /** The buyer in full. A POST, since every reveal is audited. */
    @PostMapping("/{id}/buyer")
    OrderViews.Buyer revealBuyer(@PathVariable String id, HttpServletRequest request) {
        return orders.revealBuyer(orderId(id), request.getRemoteAddr());
    }

    static OrderFilter filter(String store, String marketplace, String status, String shipByFrom, String shipByTo,
                              boolean late, boolean atRisk, String q, int limit, String after) {
        try {
            return new OrderFilter(blank(store) ? null : UUID.fromString(store),
                    blank(marketplace) ? null : Marketplace.valueOf(marketplace.strip().toUpperCase(Locale.ROOT)),
                    blank(status) ? null : OrderStatus.valueOf(status.strip().toUpperCase(Locale.ROOT)),
                    instant(shipByFrom), instant(shipByTo), late, atRisk, q, limit, blank(after) ? null : after);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new OrderException(false, "invalid-filter", "Invalid filter: store must be a store id, marketplace one of "
                    + "WALMART, AMAZON, EBAY, status one of UNSHIPPED, PARTIALLY_SHIPPED, SHIPPED, DELIVERED, CANCELLED, "
                    + "PENDING, and ship-by times ISO-8601 (e.g. 2026-11-26T00:00:00Z).");
        }
    }

    static UUID orderId(String raw) {
        try {
            if (raw != null && raw.length() == 36) {
                return UUID.fromString(raw);
            }
        } catch (IllegalArgumentException ignored) {
            // not an id of ours
        }
        throw new OrderException(true, "order-not-found", "No such order.");
    }

    private static Instant instant(String raw) {
        if (blank(raw)) {
            return null;
        }
        return raw.length() == 10 ? Instant.parse(raw + "T00:00:00Z") : Instant.parse(raw);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
