package dev.esm.shipping.internal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;

import dev.esm.orders.spi.ShippingNotes;
import dev.esm.shipping.ShipmentQueries;
import dev.esm.shipping.ShippingException;
import dev.esm.shipping.ShippingViews.PushStatus;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import org.springframework.stereotype.Component;

/** The order page's line about the order's label and its tracking push, or its last voided label. */
@Component
class OrderShippingNotes implements ShippingNotes {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ShipmentQueries shipments;

    OrderShippingNotes(ShipmentQueries shipments) {
        this.shipments = shipments;
    }

    @Override
    public Optional<ShippingNote> noteFor(UUID orderId) {
        dev.esm.shipping.ShippingViews.OrderShipping shipping;
        try {
            shipping = shipments.forOrder(orderId);
        } catch (ShippingException e) {
            return Optional.empty();
        }
        Shipment current = shipping.current();
        if (current == null || current.state() != State.PURCHASED) {
            // the last label voided (and none bought since): the order page says so rather than nothing
            return shipping.voided().stream().filter(v -> v.voidedAt() != null)
                    .max(java.util.Comparator.comparing(Shipment::voidedAt))
                    .map(v -> new ShippingNote("Label " + (v.carrier() == null ? "" : v.carrier() + " ")
                            + v.trackingCode() + " voided at " + TIME.format(v.voidedAt()) + " (refund "
                            + (v.refundStatus() == null ? "asked for" : v.refundStatus().toLowerCase(java.util.Locale.ROOT))
                            + "); the order has no label now.", "VOIDED"));
        }
        String label = "Label " + (current.carrier() == null ? "" : current.carrier() + " ") + current.trackingCode();
        PushStatus push = current.push();
        if (push == null) {
            return Optional.of(new ShippingNote(label + ".", "NONE"));
        }
        String text = switch (push.state()) {
            case SUCCEEDED -> label + ": tracking pushed to the marketplace at " + TIME.format(push.pushedAt())
                    + (push.marketplaceAnswer() == null ? "." : " (" + push.marketplaceAnswer() + ").");
            case PENDING -> push.waitingForReconnect()
                    ? label + ": tracking push waiting for the store to be reconnected."
                    : label + ": tracking push pending.";
            case PUSHING -> label + ": tracking being pushed to the marketplace.";
            case REJECTED -> label + ": tracking push rejected by the marketplace: " + push.lastError();
            case FAILED -> label + ": tracking not pushed: " + push.lastError();
        };
        return Optional.of(new ShippingNote(text, push.state().name()));
    }
}
