package dev.esm.shipping;

import java.util.UUID;

import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.platform.AuditTrail;
import dev.esm.platform.web.ProblemException.Kind;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.internal.ShipmentJournal;
import dev.esm.shipping.internal.ShipmentJournal.Row;
import dev.esm.shipping.internal.TrackingPushJournal;
import dev.esm.shipping.spi.ProviderKey;
import dev.esm.shipping.spi.RefundStatus;
import dev.esm.shipping.spi.ShippingProvider;
import dev.esm.shipping.spi.ShippingProviderException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Voids an order's bought label: asks the provider for the postage back (USPS: only while the label is unused, in the
 * provider's window; the provider's refusal is shown in its words) and marks the shipment VOIDED, so the package can
 * be labelled again. A tracking push of the voided label that has not started is given up (ADR 10).
 */
@Service
public class VoidLabel {

    private final ShippableOrders orders;
    private final ShipmentJournal journal;
    private final ShippingProvider provider;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final TrackingPushJournal pushes;

    VoidLabel(ShippableOrders orders, ShipmentJournal journal, ShippingProvider provider, AuditTrail audit,
              TransactionTemplate transactions, TrackingPushJournal pushes) {
        this.pushes = pushes;
        this.orders = orders;
        this.journal = journal;
        this.provider = provider;
        this.audit = audit;
        this.transactions = transactions;
    }

    private record Target(Row row, ProviderKey key) {
    }

    public Shipment voidLabel(UUID orderId, String source) {
        Target target = transactions.execute(tx -> {
            OrderSummary order = orders.order(orderId);
            Row row = journal.live(order.storeId(), orderId, RateOrder.PACKAGE)
                    .filter(r -> r.state() == State.PURCHASED)
                    .orElseThrow(() -> new ShippingException(Kind.CONFLICT, "no-label", "This order has no label to void."));
            return new Target(row, orders.key(order.storeId()));
        });
        RefundStatus status;
        try {
            status = provider.refund(target.key(), target.row().providerShipmentId());
        } catch (ShippingProviderException e) {
            throw ShippingFailures.of(e);
        }
        return transactions.execute(tx -> {
            if (journal.markVoided(target.row().id(), status.name())) {
                // a push not yet made is given up; the re-ship's purchase pushes the new tracking number
                pushes.voided(target.row().id());
            }
            audit.record("shipping.label-voided", "shipment:" + target.row().id(), source);
            return journal.get(target.row().id()).orElseThrow().view();
        });
    }
}
