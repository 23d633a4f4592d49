package dev.esm.shipping;

import java.util.Optional;

import dev.esm.shared.FulfilledBy;
import dev.esm.shared.OrderStatus;
import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.platform.web.ProblemException.Kind;

/**
 * Which orders may get a rate or a label (ADR 0019). Never: a cancelled order, one whose buyer asked to cancel, one
 * the marketplace holds, one the marketplace ships itself. A shipped or delivered order only as a deliberate
 * reshipment (a replacement), whose reason is recorded. Checked from the order's state as the orders module reads it,
 * before any provider call.
 */
public final class ShippingGuardrails {

    private ShippingGuardrails() {
    }

    /** Why an order may not be shipped: a stable code (the API's 409 {@code code}) and plain words. */
    public record Refusal(String code, String message) {
        ShippingException exception() {
            return new ShippingException(Kind.CONFLICT, code, message);
        }
    }

    /** The refusal for this order, or empty when a label may be bought ({@code reship}: a deliberate reshipment). */
    public static Optional<Refusal> refusal(OrderSummary order, boolean reship) {
        if (order.fulfilledBy() == FulfilledBy.MARKETPLACE) {
            return Optional.of(new Refusal("order-fulfilled-by-marketplace", "The marketplace ships this order itself "
                    + "(its own fulfilment, such as FBA or WFS); the seller must not ship it."));
        }
        OrderStatus status = order.status();
        if (status == null) {
            return Optional.empty();
        }
        return switch (status) {
            case CANCELLED -> Optional.of(new Refusal("order-cancelled", "This order is cancelled; it must not be shipped."));
            case CANCEL_REQUESTED -> Optional.of(new Refusal("order-cancel-requested", "The buyer asked to cancel this "
                    + "order; settle the request on the marketplace before shipping."));
            case ON_HOLD -> Optional.of(new Refusal("order-on-hold", "The marketplace holds this order (or its "
                    + "payment); it cannot be shipped until the hold is released."));
            case SHIPPED, DELIVERED -> reship ? Optional.empty() : Optional.of(new Refusal("order-already-shipped",
                    "This order is already " + status.name().toLowerCase(java.util.Locale.ROOT) + ". To send a "
                            + "replacement, choose \"Ship again\" and give a reason."));
            default -> Optional.empty();
        };
    }

    /** Throws the 409 refusal for an order that may not be shipped. */
    static void check(OrderSummary order, boolean reship) {
        refusal(order, reship).ifPresent(r -> {
            throw r.exception();
        });
    }

    /** True for an order a batch buys by default: awaiting shipment, by the seller. */
    public static boolean awaitingShipment(OrderSummary order) {
        return refusal(order, false).isEmpty();
    }
}
