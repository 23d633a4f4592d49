package dev.esm.orders.web;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import dev.esm.orders.OrderQueries;
import dev.esm.orders.spi.ShippingNotes;
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
