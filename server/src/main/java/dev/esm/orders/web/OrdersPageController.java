package dev.esm.orders.web;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import dev.esm.orders.EraseBuyer;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.spi.ShippingNotes;
import dev.esm.stores.Stores;

/** The orders pages: every store's orders with filters and search, and one order with its buyer revealable. */
@Controller
class OrdersPageController {

    private final OrderQueries orders;
    private final Stores stores;
    private final List<ShippingNotes> shippingNotes;
    private final EraseBuyer eraseBuyer;

    OrdersPageController(OrderQueries orders, Stores stores, List<ShippingNotes> shippingNotes, EraseBuyer eraseBuyer) {
        this.orders = orders;
        this.stores = stores;
        this.shippingNotes = shippingNotes;
        this.eraseBuyer = eraseBuyer;
    }

    private void shippingNote(UUID orderId, Model model) {
        shippingNotes.stream().map(notes -> notes.noteFor(orderId)).flatMap(java.util.Optional::stream).findFirst()
                .ifPresent(note -> model.addAttribute("shippingNote", note));
    }

    /** How long a reveal stays shown in the session that made it (reloads, back and forward), unaudited. */
    static final Duration REVEAL_SHOWN_FOR = Duration.ofMinutes(5);
    /** The session attribute: order id → epoch ms of its reveal in this session (ids and times only, no buyer data). */
    static final String REVEALED = OrdersPageController.class.getName() + ".revealed";

    @GetMapping("/orders/{id}")
    String detail(@PathVariable String id, HttpSession session, Model model) {
        var orderId = OrdersApiController.orderId(id);
        var order = orders.get(orderId);
        model.addAttribute("order", order);
        model.addAttribute("canEraseBuyer", order.buyer() != null && eraseBuyer.allowed(orderId));
        Instant revealedAt = revealedInSession(session, orderId);
        if (revealedAt != null) {
            orders.buyerRevealedSince(orderId, Instant.now().minus(REVEAL_SHOWN_FOR)).ifPresent(buyer -> {
                model.addAttribute("revealed", buyer);
                model.addAttribute("revealedUntil", revealedAt.plus(REVEAL_SHOWN_FOR));
            });
        }
        shippingNote(orderId, model);
        return "orders/detail";
    }

    /**
     * Reveals the buyer (one audit entry) and redirects to the order's page, which shows the buyer for
     * {@link #REVEAL_SHOWN_FOR} to this session: a reload, back or forward neither posts nor audits again.
     */
    @PostMapping("/orders/{id}/buyer")
    String reveal(@PathVariable String id, HttpServletRequest request, HttpSession session) {
        var orderId = OrdersApiController.orderId(id);
        orders.revealBuyer(orderId, request.getRemoteAddr());
        @SuppressWarnings("unchecked")
        Map<String, Long> revealed = session.getAttribute(REVEALED) instanceof Map<?, ?> map
                ? new HashMap<>((Map<String, Long>) map) : new HashMap<>();
        long now = Instant.now().toEpochMilli();
        revealed.values().removeIf(at -> at < now - REVEAL_SHOWN_FOR.toMillis());
        revealed.put(orderId.toString(), now);
        session.setAttribute(REVEALED, revealed);
        return "redirect:/orders/" + orderId + "#buyer";
    }

    private static Instant revealedInSession(HttpSession session, UUID orderId) {
        if (session == null || !(session.getAttribute(REVEALED) instanceof Map<?, ?> map)
                || !(map.get(orderId.toString()) instanceof Long at)) {
            return null;
        }
        Instant revealedAt = Instant.ofEpochMilli(at);
        return revealedAt.plus(REVEAL_SHOWN_FOR).isAfter(Instant.now()) ? revealedAt : null;
    }
}
