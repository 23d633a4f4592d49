package dev.esm.shipping.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.esm.orders.OrderQueries;
import dev.esm.platform.quota.QuotaBuckets;
import dev.esm.platform.jobs.JobAttempt;
import dev.esm.platform.jobs.JobHandler;
import dev.esm.platform.jobs.JobResult;
import dev.esm.shipping.PackageMemory;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.ParcelEntry;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.internal.ShipmentJournal;
import dev.esm.shipping.internal.ShipmentJournal.Row;
import dev.esm.shipping.spi.Rate;
import dev.esm.shipping.spi.ShippingProvider;
import dev.esm.shipping.BuyLabel;
import dev.esm.shipping.LabelBatchProperties;
import dev.esm.shipping.RateOrder;
import dev.esm.shipping.ShippableOrders;
import dev.esm.shipping.ShippingException;
import dev.esm.shipping.ShippingProperties;
import dev.esm.shipping.TrackingPushOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Label batch items as jobs of the platform's job facility (ADR 23; kind {@value #KIND}, one job per item, enqueued
 * with the batch): any node whose {@code esm.shipping.batch.worker} is on works up to {@code esm.shipping.batch.threads}
 * items at once, as many as the provider's rate × an item's time calls for ({@link InFlightLimit}, ADR 29); the facility claims, leases and heartbeats each item's job and takes over the items of a dead node. Acting
 * for the batch's operator, an attempt rates the order with the item's ship-from address and package and buys the
 * store's default service through the shipment journal ({@link RateOrder}, {@link BuyLabel}); before the buy the job is
 * marked "maybe sent", and an attempt after a lost answer reads the journal back first: an item worked on twice finds
 * its package's label bought or being bought and never buys a second one. Every provider call takes a permit from the
 * store's shared bucket first ({@link PacedProvider}), so batches on all nodes together stay under the provider's rate.
 */
@Component
public class LabelBatchJob implements JobHandler {

    public static final String KIND = "label-batch-item";
    private static final Logger log = LoggerFactory.getLogger(LabelBatchJob.class);
    private static final int MAX_UNAVAILABLE_ATTEMPTS = 3;

    private final dev.esm.platform.AuditTrail audit;
    private final JdbcClient jdbc;
    private final QuotaBuckets quotas;
    private final ShippingProvider provider;
    private final ShippableOrders shippable;
    private final OrderQueries orderQueries;
    private final ShipmentJournal journal;
    private final TransactionTemplate transactions;
    private final ShippingProperties shippingProperties;
    private final LabelBatchProperties properties;
    private final Clock clock;
    private final TrackingPushOutbox pushes;
    private final PackageMemory packageMemory;
    /** Items in flight on this node: rate × item time (Little's law), learned as items complete. */
    private final InFlightLimit inFlight;

    LabelBatchJob(JdbcClient jdbc, QuotaBuckets quotas, ShippingProvider provider, ShippableOrders shippable,
                  OrderQueries orderQueries, ShipmentJournal journal, TransactionTemplate transactions,
                  ShippingProperties shippingProperties, LabelBatchProperties properties, Clock clock,
                  TrackingPushOutbox pushes, dev.esm.platform.AuditTrail audit, PackageMemory packageMemory) {
        this.audit = audit;
        this.packageMemory = packageMemory;
        this.jdbc = jdbc;
        this.quotas = quotas;
        this.provider = provider;
        this.shippable = shippable;
        this.orderQueries = orderQueries;
        this.journal = journal;
        this.transactions = transactions;
        this.shippingProperties = shippingProperties;
        this.properties = properties;
        this.clock = clock;
        this.pushes = pushes;
        this.inFlight = new InFlightLimit(4, properties.threads());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int concurrency() {
        return properties.worker() ? properties.threads() : 0;
    }

    @Override
    public int inFlightLimit() {
        return inFlight.limit();
    }

    @Override
    public Duration lease() {
        return properties.lease();
    }

    @Override
    public JobResult run(JobAttempt attempt) {
        return attempt(attempt, false);
    }

    /** After a buy whose answer was lost: the shipment journal says whether the label was bought. */
    @Override
    public Optional<JobResult> readBack(JobAttempt attempt) {
        return Optional.ofNullable(attempt(attempt, true));
    }

    private JobResult attempt(JobAttempt attempt, boolean readBack) {
        Item item = start(attempt);
        if (item == null) {
            // finished, failed (its store's access ended) or gone: nothing to do
            return JobResult.done();
        }
        AtomicInteger rateLimited = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong waited = new java.util.concurrent.atomic.AtomicLong();
        long started = System.nanoTime();
        Outcome outcome;
        try {
            outcome = work(attempt, item, rateLimited, waited, readBack);
        } catch (RuntimeException e) {
            log.warn("Label batch item {} failed unexpectedly", attempt.subject(), e);
            outcome = Outcome.later(Duration.ofSeconds(5), "Unexpected error; trying again.");
        }
        if (outcome == null) {
            return null; // read back: the label was not bought; the attempt goes on
        }
        if (outcome == Outcome.LOST) {
            return JobResult.retryIn(Duration.ZERO, "Taken over by another node.");
        }
        finish(attempt.subject(), item.batchId(), outcome, rateLimited.get());
        if (!"QUEUED".equals(outcome.state())) {
            long now = System.nanoTime();
            inFlight.completed(now - started - waited.get(), now);
        }
        return switch (outcome.state()) {
            case "PURCHASED" -> JobResult.done();
            case "FAILED" -> JobResult.failed(outcome.message());
            default -> JobResult.retryIn(outcome.retryIn(), outcome.message());
        };
    }

    /** The item, now WORKING with the job's attempt count; null when it is no longer to be worked on. */
    private Item start(JobAttempt attempt) {
        return transactions.execute(tx -> jdbc.sql("""
                        update label_batch_item set state = 'WORKING', attempts = ?, updated_at = now()
                         where id = ? and state in ('QUEUED', 'WORKING')
                        returning batch_id, order_id, store_id, ship_from_id, package_id, attempts""")
                .params(attempt.number(), attempt.subject())
                .query((rs, n) -> new Item(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class),
                        rs.getInt(6)))
                .optional().orElse(null));
    }

    private record Item(UUID batchId, UUID orderId, UUID storeId, UUID shipFromId, UUID packageId, int attempts) {
    }

    /** What became of one pass over an item. */
    private record Outcome(String state, UUID shipmentId, String message, Duration retryIn) {
        static Outcome purchased(UUID shipmentId) {
            return new Outcome("PURCHASED", shipmentId, null, null);
        }

        static Outcome failed(String message) {
            return new Outcome("FAILED", null, message, null);
        }

        /** The claim was lost: another node works the item now; change nothing. */
        static final Outcome LOST = new Outcome("LOST", null, null, null);

        static Outcome later(Duration in, String message) {
            return new Outcome("QUEUED", null, message, in);
        }
    }

    /**
     * Like the label panel (ADR 31): the package remembered for the order's contents (its preset and the weight and
     * size last rated) before the batch's package, which the seller chose for the store or is its default.
     */
    private RatesCommand ratesCommand(Item item) {
        return transactions.execute(tx -> {
            String contents;
            try {
                contents = PackageMemory.contents(orderQueries.get(item.orderId()).lines());
            } catch (dev.esm.orders.OrderException e) {
                throw new ShippingException(ShippingException.Kind.NOT_FOUND, "order-not-found", "No such order.");
            }
            return packageMemory.find(item.storeId(), contents)
                    .map(m -> new RatesCommand(item.shipFromId(), m.packageId(), new ParcelEntry(m.parcel().weightOz(),
                            m.parcel().lengthIn(), m.parcel().widthIn(), m.parcel().heightIn()), false, null))
                    .orElseGet(() -> new RatesCommand(item.shipFromId(), item.packageId()));
        });
    }

    /** One pass; null only for a read-back that found no label bought or being bought. */
    private Outcome work(JobAttempt attempt, Item item, AtomicInteger rateLimited,
                         java.util.concurrent.atomic.AtomicLong waited, boolean readBack) {
        PacedProvider paced = new PacedProvider(provider, quotas, properties, rateLimited, waited);
        RateOrder rateOrder = new RateOrder(shippable, orderQueries, journal, paced, jdbc, transactions, audit);
        // a label bought by a batch is pushed to the marketplace like any other (the outbox row commits with it)
        BuyLabel buyLabel = new BuyLabel(shippable, journal, paced, transactions, shippingProperties, clock, pushes);
        try {
            Optional<Row> live = transactions.execute(tx -> journal.live(item.storeId(), item.orderId(),
                    RateOrder.PACKAGE));
            if (live.isPresent() && live.get().state() == State.PURCHASED) {
                return Outcome.purchased(live.get().id());
            }
            if (live.isPresent() && live.get().state() == State.BUYING) {
                Shipment resolved = buyLabel.resolve(live.get().id());
                if (resolved.state() == State.PURCHASED) {
                    return Outcome.purchased(resolved.id());
                }
                if (resolved.state() == State.BUYING) {
                    return Outcome.later(Duration.ofSeconds(5), "Confirming a purchase whose answer was lost.");
                }
            }
            if (readBack) {
                return null;
            }
            String service = transactions.execute(tx -> jdbc.sql(
                    "select default_service from shipping_settings where store_id = ?").param(item.storeId())
                    .query(String.class).optional().orElse(null));
            if (service == null) {
                return Outcome.failed("The store has no default service; set one in its shipping settings.");
            }
            Shipment rated = rateOrder.rate(item.orderId(), ratesCommand(item), "label-batch:" + item.batchId());
            Optional<Rate> rate = rated.rates().stream().filter(r -> service.equals(r.service())).findFirst();
            if (rate.isEmpty()) {
                return Outcome.failed("The provider offers no " + service + " rate for this package (rates: "
                        + rated.rates().stream().map(Rate::service).toList() + ").");
            }
            if (!attempt.sending()) {
                return Outcome.LOST;
            }
            Shipment bought = buyLabel.buy(item.orderId(), new BuyCommand(rate.get().id()));
            return switch (bought.state()) {
                case PURCHASED -> Outcome.purchased(bought.id());
                case BUYING -> Outcome.later(Duration.ofSeconds(5), "Confirming a purchase whose answer was lost.");
                default -> Outcome.failed(bought.lastError() == null ? "The label was not bought." : bought.lastError());
            };
        } catch (ShippingException e) {
            return switch (e.code()) {
                case "provider-rate-limited" -> Outcome.later(Duration.ofSeconds(2), e.getMessage());
                case "provider-unavailable" -> item.attempts() < MAX_UNAVAILABLE_ATTEMPTS
                        ? Outcome.later(Duration.ofSeconds(2L << item.attempts()), e.getMessage())
                        : Outcome.failed(e.getMessage());
                case "label-exists", "shipment-changed" -> Outcome.later(Duration.ofSeconds(1), e.getMessage());
                default -> Outcome.failed(e.getMessage());
            };
        }
    }

    private void finish(UUID itemId, UUID batchId, Outcome outcome, int rateLimited) {
        transactions.executeWithoutResult(tx -> {
            // the batch row is the lock that orders the finishing of its items: the last one sees all others done
            jdbc.sql("select id from label_batch where id = ? for update").param(batchId).query(UUID.class)
                    .optional();
            jdbc.sql("""
                            update label_batch_item set state = ?, shipment_id = coalesce(?, shipment_id), message = ?,
                                available_at = now() + make_interval(secs => ?), updated_at = now()
                             where id = ? and state = 'WORKING'""")
                    .params(outcome.state(), outcome.shipmentId(), outcome.message(),
                            outcome.retryIn() == null ? 0.0 : outcome.retryIn().toMillis() / 1000.0, itemId)
                    .update();
            jdbc.sql("""
                            update label_batch set rate_limited = rate_limited + ?,
                                state = case when exists (select 1 from label_batch_item i where i.batch_id = label_batch.id
                                                            and i.state in ('QUEUED', 'WORKING'))
                                             then 'RUNNING' else 'DONE' end,
                                finished_at = case when exists (select 1 from label_batch_item i
                                                                 where i.batch_id = label_batch.id
                                                                   and i.state in ('QUEUED', 'WORKING'))
                                                   then null else coalesce(finished_at, now()) end
                             where id = ?""").params(rateLimited, batchId).update();
        });
    }
}
