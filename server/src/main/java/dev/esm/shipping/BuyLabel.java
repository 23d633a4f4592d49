package dev.esm.shipping;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.esm.platform.quota.QuotaBuckets;
import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.platform.web.ProblemException.Kind;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.internal.ShipmentJournal;
import dev.esm.shipping.internal.ShipmentJournal.Row;
import dev.esm.shipping.spi.LabelFile;
import dev.esm.shipping.spi.ProviderKey;
import dev.esm.shipping.spi.ProviderShipment;
import dev.esm.shipping.spi.ShippingProvider;
import dev.esm.shipping.spi.ShippingProviderException;
import dev.esm.shipping.spi.ShippingProviderException.ProviderRejected;
import dev.esm.shipping.spi.ShippingProviderException.ProviderUnavailable;
import dev.esm.shipping.internal.PacedProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Buys the label of an order's rated package, at most once (contract 1.10: the provider has no idempotency key):
 * <ol>
 * <li>the buy is journaled first: the package's row goes RATED → BUYING in a committed conditional update, which only
 * one of several racing requests or nodes wins; the others wait for its outcome;</li>
 * <li>the winner asks the provider to buy the rate on the row's provider shipment, which holds one label at most;</li>
 * <li>an answer that never came (timeout, 5xx, unreadable) leaves the row BUYING; it is resolved by reading the
 * shipment back, never by buying again. Only when the provider still shows it unbought after
 * {@link ShippingProperties#buyGrace()} is the row released for a new buy of the same shipment.</li>
 * </ol>
 * The label file is fetched and stored right after the purchase (or on the first download, if that fetch failed).
 * The purchase's transaction also puts the tracking push into the outbox ({@link TrackingPushOutbox}, ADR 10).
 */
@Service
public class BuyLabel {

    private static final Logger log = LoggerFactory.getLogger(BuyLabel.class);

    private final ShippableOrders orders;
    private final ShipmentJournal journal;
    private final ShippingProvider provider;
    private final TransactionTemplate transactions;
    private final ShippingProperties properties;
    private final Clock clock;
    private final TrackingPushOutbox outbox;

    /** One order's buy: its provider calls are paced by the key's shared bucket like a batch's. */
    @org.springframework.beans.factory.annotation.Autowired
    BuyLabel(ShippableOrders orders, ShipmentJournal journal, ShippingProvider provider,
             QuotaBuckets quotas, LabelBatchProperties batches,
             TransactionTemplate transactions, ShippingProperties properties, Clock clock, TrackingPushOutbox outbox) {
        this(orders, journal, PacedProvider.single(provider, quotas, batches), transactions, properties, clock, outbox);
    }

    /** With a provider already paced (a batch item's). */
    public BuyLabel(ShippableOrders orders, ShipmentJournal journal, ShippingProvider provider,
                    TransactionTemplate transactions, ShippingProperties properties, Clock clock, TrackingPushOutbox outbox) {
        this.outbox = outbox;
        this.orders = orders;
        this.journal = journal;
        this.provider = provider;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    private record Start(Row row, ProviderKey key, boolean mine) {
    }

    public Shipment buy(UUID orderId, BuyCommand command) {
        Start start = transactions.execute(tx -> start(orderId, command.rateId()));
        Row row = start.row();
        if (start.mine()) {
            return purchase(row, start.key(), command.rateId());
        }
        return switch (row.state()) {
            case BUYING -> awaitOutcome(row.id());
            default -> row.view();
        };
    }

    private Start start(UUID orderId, String rateId) {
        OrderSummary order = orders.order(orderId);
        // guardrails (ADR 0019), before the provider is called: never for a cancelled, cancel-requested, held or
        // marketplace-fulfilled order, whatever was rated before it changed
        ShippingGuardrails.check(order, true);
        Row row = journal.live(order.storeId(), orderId, RateOrder.PACKAGE).orElseThrow(() -> {
            ShippingGuardrails.check(order, false);
            return new ShippingException(Kind.CONFLICT, "no-rates", "Get rates for this order before buying a label.");
        });
        if (row.state() != State.RATED) {
            return new Start(row, null, false);
        }
        // guardrails (ADR 0019), checked again at the buy: the order may have changed since it was rated. A shipped
        // order's rated package is a reshipment only when it was rated as one (its reason is on the row).
        ShippingGuardrails.check(order, row.view().reship());
        if (row.view().rates().stream().noneMatch(rate -> rate.id().equals(rateId))) {
            throw ShippingException.invalid("unknown-rate",
                    "This rate is not one of the package's current rates; get rates again.");
        }
        ProviderKey key = orders.key(order.storeId());
        if (journal.markBuying(row.id(), rateId)) {
            return new Start(row, key, true);
        }
        return new Start(journal.get(row.id()).orElseThrow(), null, false);
    }

    private Shipment purchase(Row row, ProviderKey key, String rateId) {
        ProviderShipment bought;
        try {
            bought = provider.buy(key, row.providerShipmentId(), rateId);
        } catch (ProviderRejected e) {
            if (e.alreadyBought()) {
                return resolve(row.id());
            }
            transactions.executeWithoutResult(tx -> journal.release(row.id(), e.getMessage()));
            throw ShippingFailures.of(e);
        } catch (ProviderUnavailable e) {
            // the buy may have happened: confirm by reading the shipment back
            log.warn("Label buy for shipment {} has an unknown outcome ({}); reading it back", row.id(), e.getMessage());
            transactions.executeWithoutResult(tx -> journal.noteError(row.id(),
                    "The provider's answer was lost (" + e.getMessage() + "); confirming the purchase."));
            return resolve(row.id());
        } catch (ShippingProviderException e) {
            // refused key or rate limit: the request was not processed
            transactions.executeWithoutResult(tx -> journal.release(row.id(), e.getMessage()));
            throw ShippingFailures.of(e);
        }
        return completed(row.id(), key, bought);
    }

    /** A BUYING row whose outcome is unknown: read the shipment back. Safe to call any number of times. */
    public Shipment resolve(UUID shipmentId) {
        var context = transactions.execute(tx -> journal.get(shipmentId).map(row -> new Start(row,
                row.state() == State.BUYING ? orders.key(row.view().storeId()) : null, false))).orElseThrow();
        Row row = context.row();
        if (row.state() != State.BUYING) {
            return row.view();
        }
        Optional<ProviderShipment> found;
        try {
            found = provider.findShipment(context.key(), row.providerShipmentId());
        } catch (ShippingProviderException e) {
            transactions.executeWithoutResult(tx -> journal.noteError(row.id(),
                    "Confirming the purchase failed (" + e.getMessage() + "); it will be checked again."));
            return current(row.id());
        }
        if (found.isPresent() && found.get().bought()) {
            return completed(row.id(), context.key(), found.get());
        }
        Instant started = row.view().buyStartedAt();
        if (started != null && started.plus(properties.buyGrace()).isBefore(clock.instant())) {
            transactions.executeWithoutResult(tx -> journal.release(row.id(),
                    "The purchase never reached the provider; nothing was bought. Buy again."));
        }
        return current(row.id());
    }

    private Shipment completed(UUID id, ProviderKey key, ProviderShipment bought) {
        transactions.executeWithoutResult(tx -> {
            if (journal.markPurchased(id, bought)) {
                // the outbox: the tracking push commits with the purchase (ADR 10)
                outbox.purchased(journal.get(id).orElseThrow().view());
            }
        });
        Row row = transactions.execute(tx -> journal.get(id).orElseThrow());
        if (row.state() == State.PURCHASED && !row.view().labelStored()) {
            try {
                LabelFile file = provider.label(key, row.providerShipmentId(), row.view().labelFormat());
                transactions.executeWithoutResult(tx -> journal.storeLabel(id, row.view().storeId(), file.content()));
            } catch (ShippingProviderException e) {
                log.warn("Label file of shipment {} not fetched yet ({}); fetched on download", id, e.getMessage());
            }
        }
        return current(id);
    }

    /**
     * A package already being bought (a double click, another node, or a retry after a lost answer): read it back at
     * once, then keep checking (the journal often, the provider about once a second) until the outcome is known or
     * {@link ShippingProperties#buyWait()} is over.
     */
    private Shipment awaitOutcome(UUID id) {
        Instant until = clock.instant().plus(properties.buyWait());
        Instant nextReadBack = clock.instant();
        while (true) {
            Shipment now = clock.instant().isBefore(nextReadBack) ? current(id) : resolve(id);
            if (now.state() != State.BUYING || !clock.instant().isBefore(until)) {
                return now;
            }
            if (!clock.instant().isBefore(nextReadBack)) {
                nextReadBack = clock.instant().plusSeconds(1);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return current(id);
            }
        }
    }

    private Shipment current(UUID id) {
        return transactions.execute(tx -> journal.get(id).orElseThrow().view());
    }
}
