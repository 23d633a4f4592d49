package dev.esm.orders.web;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.esm.orders.OrderException;
import dev.esm.orders.OrderQueries;
import dev.esm.shared.OrderStatus;
import dev.esm.orders.spi.ShippingNotes;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Stores;

/** The orders pages: every store's orders with filters and search, and one order with its buyer revealable. */
@Controller
class OrdersPageController {

    private final OrderQueries orders;
    private final Stores stores;
    private final List<ShippingNotes> shippingNotes;

    OrdersPageController(OrderQueries orders, Stores stores, List<ShippingNotes> shippingNotes) {
        this.orders = orders;
        this.stores = stores;
        this.shippingNotes = shippingNotes;
    }

    private void shippingNote(UUID orderId, Model model) {
        shippingNotes.stream().map(notes -> notes.noteFor(orderId)).flatMap(java.util.Optional::stream).findFirst()
                .ifPresent(note -> model.addAttribute("shippingNote", note));
    }

    @GetMapping("/orders")
    String list(@RequestParam(required = false) String store, @RequestParam(required = false) String marketplace,
                @RequestParam(required = false) String status, @RequestParam(required = false) String shipByFrom,
                @RequestParam(required = false) String shipByTo, @RequestParam(defaultValue = "false") boolean late,
                @RequestParam(defaultValue = "false") boolean atRisk, @RequestParam(required = false) String q,
                @RequestParam(required = false) String after, HttpServletRequest request, Model model) {
        model.addAttribute("stores", stores.list());
        model.addAttribute("marketplaces", Marketplace.values());
        model.addAttribute("statuses", OrderStatus.values());
        model.addAttribute("filter", request.getParameterMap());
        try {
            var page = orders.list(OrdersApiController.filter(store, marketplace, status, shipByFrom, shipByTo, late,
                    atRisk, q, 50, after));
            model.addAttribute("page", page);
            if (page.next() != null) {
                String query = request.getQueryString() == null ? "" : request.getQueryString()
                        .replaceAll("(^|&)after=[^&]*", "");
                model.addAttribute("nextUrl", "/orders?" + (query.isEmpty() ? "" : query + "&") + "after=" + page.next());
            }
        } catch (OrderException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("page", new dev.esm.orders.OrderViews.OrderPage(java.util.List.of(), null));
        }
        return "orders/list";
    }

    @GetMapping("/orders/{id}")
    String detail(@PathVariable String id, Model model) {
        var orderId = OrdersApiController.orderId(id);
        model.addAttribute("order", orders.get(orderId));
        shippingNote(orderId, model);
        return "orders/detail";
    }

    @PostMapping("/orders/{id}/buyer")
    String reveal(@PathVariable String id, HttpServletRequest request, Model model) {
        var orderId = OrdersApiController.orderId(id);
        model.addAttribute("order", orders.get(orderId));
        model.addAttribute("revealed", orders.revealBuyer(orderId, request.getRemoteAddr()));
        shippingNote(orderId, model);
        return "orders/detail";
    }
}
