package dev.esm.shipping;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.esm.orders.OrderQueries;
import dev.esm.orders.QuotaBuckets;
import dev.esm.platform.ActingOperator;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.internal.ShipmentJournal;
import dev.esm.shipping.internal.ShipmentJournal.Row;
import dev.esm.shipping.spi.Rate;
import dev.esm.shipping.spi.ShippingProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works on batch items, on every node that has {@code esm.shipping.batch.worker} on: each of its threads claims one
 * due item at a time ({@code esm.label_batch_claim}: a conditional update under {@code SKIP LOCKED} with a lease, so a
 * dead node's items are taken over once their lease ends), then, acting for the batch's operator, rates the order with
 * the item's ship-from address and package and buys the store's default service through the shipment journal
 * ({@link RateOrder}, {@link BuyLabel}): an item worked on twice finds its package's label bought or being bought and
 * never buys a second one. Every provider call takes a permit from the store's shared bucket first
 * ({@link PacedProvider}), so batches on all nodes together stay under the provider's rate.
 */
@Component
class LabelBatchWorker implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LabelBatchWorker.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
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
    private final String name = ManagementFactory.getRuntimeMXBean().getName() + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    private final Object signal = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    LabelBatchWorker(JdbcClient jdbc, QuotaBuckets quotas, ShippingProvider provider, ShippableOrders shippable,
                     OrderQueries orderQueries, ShipmentJournal journal, TransactionTemplate transactions,
                     ShippingProperties shippingProperties, LabelBatchProperties properties, Clock clock,
                     TrackingPushOutbox pushes, dev.esm.platform.AuditTrail audit) {
        this.audit = audit;
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
    }

    @Override
    public synchronized void onApplicationEvent(ApplicationReadyEvent event) {
        if (!properties.worker() || running) {
            return;
        }
        running = true;
        for (int i = 0; i < properties.threads(); i++) {
            Thread thread = new Thread(this::loop, "label-batch-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        log.info("Label batch worker {} started with {} threads", name, properties.threads());
    }

    /** New work (a batch started or retried on this node): idle threads look at once instead of at their next poll. */
    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public synchronized void destroy() throws InterruptedException {
        running = false;
        wake();
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30).toMillis()); // an item under way finishes; unclaimed ones stay queued
        }
        threads.clear();
    }

    private record Claim(UUID itemId, UUID batchId, UUID operatorId) {
    }

    private record Item(UUID orderId, UUID storeId, UUID shipFromId, UUID packageId, int attempts) {
    }

    /** What became of one pass over an item. */
    private record Outcome(String state, UUID shipmentId, String message, Duration retryIn) {
        static Outcome purchased(UUID shipmentId) {
            return new Outcome("PURCHASED", shipmentId, null, null);
        }

        static Outcome failed(String message) {
            return new Outcome("FAILED", null, message, null);
        }

        static Outcome later(Duration in, String message) {
            return new Outcome("QUEUED", null, message, in);
        }
    }

    private void loop() {
        while (running) {
            try {
                Optional<Claim> claim = claim();
                if (claim.isPresent()) {
                    process(claim.get());
                } else {
                    synchronized (signal) {
                        signal.wait(IDLE_POLL.toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Label batch worker: {}", e.toString());
                try {
                    Thread.sleep(IDLE_POLL.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Optional<Claim> claim() {
        return jdbc.sql("select item_id, batch_id, operator_id from esm.label_batch_claim(?, ?, 1)")
                .params(name, (int) properties.lease().toSeconds())
                .query((rs, n) -> new Claim(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class)))
                .optional();
    }

    private void process(Claim claim) {
        AtomicInteger rateLimited = new AtomicInteger();
        ActingOperator.runAs(claim.operatorId(), () -> {
            Outcome outcome;
            try {
                outcome = work(claim, rateLimited);
            } catch (RuntimeException e) {
                log.warn("Label batch item {} failed unexpectedly", claim.itemId(), e);
                outcome = Outcome.later(Duration.ofSeconds(5), "Unexpected error; trying again.");
            }
            if (outcome != null) {
                finish(claim, outcome, rateLimited.get());
            }
        });
    }

    private Outcome work(Claim claim, AtomicInteger rateLimited) {
        Item item = transactions.execute(tx -> jdbc.sql("""
                        select order_id, store_id, ship_from_id, package_id, attempts from label_batch_item
                         where id = ? and claimed_by = ? and state = 'WORKING'""").params(claim.itemId(), name)
                .query((rs, n) -> new Item(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getInt(5)))
                .optional().orElse(null));
        if (item == null) {
            return null; // the claim was lost (lease over and taken by another node)
        }
        PacedProvider paced = new PacedProvider(provider, quotas.permits(item.storeId()), properties, rateLimited);
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
            String service = transactions.execute(tx -> jdbc.sql(
                    "select default_service from shipping_settings where store_id = ?").param(item.storeId())
                    .query(String.class).optional().orElse(null));
            if (service == null) {
                return Outcome.failed("The store has no default service; set one in its shipping settings.");
            }
            Shipment rated = rateOrder.rate(item.orderId(), new RatesCommand(item.shipFromId(), item.packageId()),
                    "label-batch:" + claim.batchId());
            Optional<Rate> rate = rated.rates().stream().filter(r -> service.equals(r.service())).findFirst();
            if (rate.isEmpty()) {
                return Outcome.failed("The provider offers no " + service + " rate for this package (rates: "
                        + rated.rates().stream().map(Rate::service).toList() + ").");
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

    private void finish(Claim claim, Outcome outcome, int rateLimited) {
        transactions.executeWithoutResult(tx -> {
            // the batch row is the lock that orders the finishing of its items: the last one sees all others done
            jdbc.sql("select id from label_batch where id = ? for update").param(claim.batchId()).query(UUID.class)
                    .optional();
            jdbc.sql("""
                            update label_batch_item set state = ?, shipment_id = coalesce(?, shipment_id), message = ?,
                                available_at = now() + make_interval(secs => ?), claimed_by = null, lease_until = null,
                                updated_at = now()
                             where id = ? and claimed_by = ? and state = 'WORKING'""")
                    .params(outcome.state(), outcome.shipmentId(), outcome.message(),
                            outcome.retryIn() == null ? 0.0 : outcome.retryIn().toMillis() / 1000.0, claim.itemId(),
                            name)
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
                             where id = ?""").params(rateLimited, claim.batchId()).update();
        });
    }
}
