package dev.esm.shipping;

import java.util.UUID;

import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.platform.web.ProblemException.Kind;
import dev.esm.shipping.ShippingViews.Document;
import dev.esm.shipping.ShippingViews.OrderShipping;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.internal.ShipmentJournal;
import dev.esm.shipping.internal.ShipmentJournal.Row;
import dev.esm.shipping.spi.LabelFile;
import dev.esm.shipping.spi.ProviderKey;
import dev.esm.shipping.spi.ShippingProvider;
import dev.esm.shipping.spi.ShippingProviderException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An order's shipments and a bought label's file. Row-level security limits every read to the operator's stores; an
 * order or shipment id the operator cannot see is "not found".
 */
@Service
public class ShipmentQueries {

    private final ShippableOrders orders;
    private final ShipmentJournal journal;
    private final ShippingProvider provider;
    private final TransactionTemplate transactions;

    ShipmentQueries(ShippableOrders orders, ShipmentJournal journal, ShippingProvider provider,
                    TransactionTemplate transactions) {
        this.orders = orders;
        this.journal = journal;
        this.provider = provider;
        this.transactions = transactions;
    }

    public OrderShipping forOrder(UUID orderId) {
        return transactions.execute(tx -> {
            OrderSummary order = orders.order(orderId);
            Shipment current = journal.live(order.storeId(), orderId, RateOrder.PACKAGE).map(Row::view).orElse(null);
            return new OrderShipping(orderId, order.storeId(), current, journal.voided(order.storeId(), orderId));
        });
    }

    public Shipment get(UUID shipmentId) {
        return transactions.execute(tx -> journal.get(shipmentId).map(Row::view)
                .orElseThrow(() -> ShippingException.notFound("shipment")));
    }

    /** The bought label of the order's package, stored when bought, fetched from the provider if that had failed. */
    public Document labelOfOrder(UUID orderId) {
        Shipment current = forOrder(orderId).current();
        if (current == null || current.state() != State.PURCHASED) {
            throw new ShippingException(Kind.NOT_FOUND, "label-not-found", "This order has no bought label.");
        }
        return label(current.id());
    }

    public Document label(UUID shipmentId) {
        record Found(Row row, byte[] stored, ProviderKey key) {
        }
        Found found = transactions.execute(tx -> {
            Row row = journal.get(shipmentId).filter(r -> r.state() == State.PURCHASED)
                    .orElseThrow(() -> new ShippingException(Kind.NOT_FOUND, "label-not-found", "No such label."));
            byte[] stored = journal.label(shipmentId).orElse(null);
            return new Found(row, stored, stored == null ? orders.key(row.view().storeId()) : null);
        });
        byte[] content = found.stored();
        Shipment s = found.row().view();
        if (content == null) {
            try {
                LabelFile file = provider.label(found.key(), found.row().providerShipmentId(), s.labelFormat());
                content = file.content();
                byte[] fetched = content;
                transactions.executeWithoutResult(tx -> journal.storeLabel(shipmentId, s.storeId(), fetched));
            } catch (ShippingProviderException e) {
                throw ShippingFailures.of(e);
            }
        }
        return new Document("label-" + s.trackingCode() + "." + s.labelFormat().extension(),
                s.labelFormat().contentType(), content);
    }
}
