package dev.esm.orders.web;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.esm.orders.EraseBuyer;
import dev.esm.orders.OrderException;
import dev.esm.orders.OrderQueries;
import dev.esm.platform.web.ProblemException;

/**
 * Erasing one order's buyer on request, from the order page: a confirmation page first (the erasure cannot be undone),
 * then the erasure, owner only. A member of a shared store gets 403, another operator's order 404.
 */
@Controller
class BuyerErasureController {

    private final EraseBuyer eraseBuyer;
    private final OrderQueries orders;

    BuyerErasureController(EraseBuyer eraseBuyer, OrderQueries orders) {
        this.eraseBuyer = eraseBuyer;
        this.orders = orders;
    }

    @GetMapping("/orders/{id}/buyer/erasure")
    String confirm(@PathVariable String id, Model model) {
        UUID orderId = OrdersApiController.orderId(id);
        model.addAttribute("order", orders.get(orderId));
        if (!eraseBuyer.allowed(orderId)) {
            throw new OrderException(ProblemException.Kind.FORBIDDEN, "owner-only",
                    "Only the store's owner can erase a buyer's details.");
        }
        return "orders/erase-buyer";
    }

    @PostMapping("/orders/{id}/buyer/erasure")
    String erase(@PathVariable String id, @RequestParam(required = false) String confirm, Model model,
                 HttpServletRequest request, HttpServletResponse response, RedirectAttributes flash) {
        UUID orderId = OrdersApiController.orderId(id);
        if (!"yes".equals(confirm)) {
            model.addAttribute("order", orders.get(orderId));
            if (!eraseBuyer.allowed(orderId)) {
                throw new OrderException(ProblemException.Kind.FORBIDDEN, "owner-only",
                        "Only the store's owner can erase a buyer's details.");
            }
            model.addAttribute("confirmError", "Tick the box to confirm: erased details cannot be brought back.");
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "orders/erase-buyer";
        }
        try {
            eraseBuyer.erase(orderId, request.getRemoteAddr());
            flash.addFlashAttribute("notice", "The buyer's details were erased for good.");
        } catch (OrderException refused) {
            if (refused.kind() != ProblemException.Kind.CONFLICT) {
                throw refused;
            }
            flash.addFlashAttribute("notice", refused.getMessage());
        }
        return "redirect:/orders/" + orderId + "#buyer";
    }
}
