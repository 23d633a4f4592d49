package dev.esm.orders.web;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.esm.orders.EraseBuyer;
import dev.esm.orders.OrderException;
import dev.esm.orders.OrderFilter;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews;

/** {@code /api/v1/orders}: orders across the signed-in operator's stores. */
@RestController
@RequestMapping("/api/v1/orders")
class OrdersApiController {

    private final OrderQueries orders;
    private final EraseBuyer eraseBuyer;

    OrdersApiController(OrderQueries orders, EraseBuyer eraseBuyer) {
        this.orders = orders;
        this.eraseBuyer = eraseBuyer;
    }

    @GetMapping
    OrderViews.OrderPage list(@RequestParam(required = false) @Size(max = 36) String store,
                              @RequestParam(required = false) @Size(max = 20) String marketplace,
                              @RequestParam(required = false) @Size(max = 20) String status,
                              @RequestParam(required = false) @Size(max = 40) String shipByFrom,
                              @RequestParam(required = false) @Size(max = 40) String shipByTo,
                              @RequestParam(defaultValue = "false") boolean late,
                              @RequestParam(defaultValue = "false") boolean atRisk,
                              @RequestParam(required = false) @Size(max = 200) String q,
                              @RequestParam(defaultValue = "50") int limit,
                              @RequestParam(required = false) @Size(max = 200) String after) {
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

    /**
     * Erases the order's buyer for good (owner only, audited): 200 with when and why; 403 {@code owner-only} for a
     * store shared with the operator, 404 for another operator's order or one without a buyer, 409
     * {@code buyer-already-removed}.
     */
    @PostMapping("/{id}/buyer/erasure")
    OrderViews.BuyerRemoved eraseBuyer(@PathVariable String id, HttpServletRequest request) {
        return eraseBuyer.erase(orderId(id), request.getRemoteAddr());
    }

    static OrderFilter filter(String store, String marketplace, String status, String shipByFrom, String shipByTo,
                              boolean late, boolean atRisk, String q, int limit, String after) {
        return OrderFilter.parse(store, marketplace, status, shipByFrom, shipByTo, late, atRisk, q, limit, after);
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
}
