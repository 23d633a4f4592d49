package dev.esm.shipping;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.esm.orders.OrderException;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews.OrderDetails;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.marketplace.MarketplaceException.MarketplaceRejected;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.marketplace.MarketplaceException.RateLimited;
import dev.esm.platform.jobs.Jobs;
import dev.esm.shared.Marketplace;
import dev.esm.platform.web.ProblemException.Kind;
import dev.esm.shipping.ShippingViews.PushState;
import dev.esm.shipping.ShippingViews.PushStatus;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.internal.ShipmentJournal;
import dev.esm.shipping.internal.TrackingPushJournal;
import dev.esm.shipping.internal.TrackingPushJournal.Claim;
import dev.esm.shared.Carrier;
import dev.esm.marketplace.PushReceipt;
import dev.esm.marketplace.TrackingDestination;
import dev.esm.marketplace.TrackingPush;
import dev.esm.marketplace.Marketplaces;
import dev.esm.stores.StoreException;
import dev.esm.stores.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells the marketplace a bought label's tracking, from the {@code tracking_push} outbox (ADR 10), exactly once. Each
 * push is a job of the platform's job facility (ADR 23; kind {@value #JOB_KIND}, enqueued with the push), which claims
 * it, keeps its lease alive, schedules its retries and takes over a dead node's push; an attempt then:
 * <ol>
 * <li>claims the push row with a conditional update (PENDING and due, or PUSHING under a lease that ran out: its node
 * died) and a lease;</li>
 * <li>before each marketplace call the lease is renewed; before the push call the row is marked "maybe sent"
 * (committed), and so is the push's job ({@link dev.esm.platform.jobs.JobAttempt#sending()}), so that whoever works the
 * push next knows a call may have arrived;</li>
 * <li>a push that may have been sent is never made again blindly: once {@link TrackingPushProperties#settle()} has
 * passed since the call, the order is read back ({@link TrackingDestination#findPushed}) and a tracking number
 * already there counts as the push's success;</li>
 * <li>answers: accepted → SUCCEEDED with the marketplace's receipt; unavailable (5xx, timeout) → PENDING with
 * exponential backoff and jitter (still "maybe sent"); 429 → PENDING after at least its Retry-After; refused
 * credentials → PENDING, waiting for the store to be reconnected; refused → REJECTED with the marketplace's message,
 * until the operator retries it.</li>
 * </ol>
 * Every method that works a push acts for the operator its caller set: the job acts for the store's owner.
 */
@Service
public class TrackingPushes {

    private static final Logger log = LoggerFactory.getLogger(TrackingPushes.class);

    private final TrackingPushJournal journal;
    private final ShipmentJournal shipments;
    private final OrderQueries orders;
    private final Stores stores;
    private final Map<Marketplace, TrackingDestination> destinations;
    private final TransactionTemplate transactions;
    private final TrackingPushProperties properties;
    private final Jobs jobs;
    private final String node = ManagementFactory.getRuntimeMXBean().getName() + "-"
            + UUID.randomUUID().toString().substring(0, 8);

    TrackingPushes(TrackingPushJournal journal, ShipmentJournal shipments, OrderQueries orders, Stores stores,
                   Marketplaces marketplaces, TransactionTemplate transactions,
                   TrackingPushProperties properties, Jobs jobs) {
        this.journal = journal;
        this.shipments = shipments;
        this.orders = orders;
        this.stores = stores;
        this.destinations = marketplaces.trackingDestinations().stream()
                .collect(Collectors.toMap(TrackingDestination::marketplace, Function.identity()));
        this.transactions = transactions;
        this.properties = properties;
        this.jobs = jobs;
    }

    /** The kind of the pushes' jobs. */
    public static final String JOB_KIND = "tracking-push";

    /** What one attempt did. */
    public enum Outcome {
        /** Not due, or claimed by another node. */
        NOT_CLAIMED,
        SUCCEEDED,
        /** Back to PENDING for a later attempt. */
        RETRY_LATER,
        REJECTED,
        FAILED,
        /** The claim was lost midway (the lease ran out and another node took the push over). */
        LOST_CLAIM
    }

    /**
     * Works, on the calling thread, every push whose job is due now (at most {@link TrackingPushProperties#batch()}),
     * each acting for its store's owner; returns how many. The nodes' job workers do the same in the background.
     */
    public int runDue() {
        return jobs.runDue(JOB_KIND, properties.batch());
    }

    /** The push as it stands (acting for an operator who can see it). */
    public Optional<PushStatus> status(UUID pushId) {
        return transactions.execute(tx -> journal.get(pushId));
    }

    /** One attempt at a push, if it is due; the caller acts for the store's owner. */
    public Outcome attempt(UUID pushId) {
        return attempt(pushId, () -> true);
    }

    /**
     * One attempt at a push, if it is due; the caller acts for the store's owner. {@code sending} is asked right before
     * the push call (the job's "maybe sent" mark); false (the job's claim was lost) means the call is not made.
     */
    public Outcome attempt(UUID pushId, BooleanSupplier sending) {
        Optional<Work> claimed = transactions.execute(tx -> journal.claim(pushId, node, properties.lease())
                .map(this::work));
        if (claimed.isEmpty()) {
            return Outcome.NOT_CLAIMED;
        }
        Work work = claimed.get();
        Claim claim = work.claim();
        if (work.problem() != null) {
            return finish(claim, PushState.FAILED, claim.maybeSent(), work.problem());
        }
        boolean connected;
        try {
            connected = stores.get(claim.storeId()).credentialsSet();
        } catch (StoreException e) {
            return finish(claim, PushState.FAILED, claim.maybeSent(), "The store is gone.");
        }
        if (!connected) {
            return later(claim, properties.reconnectWait(), claim.maybeSent(), true,
                    "The store is not connected: reconnect the store to push its tracking.");
        }
        TrackingDestination destination = destinations.get(work.marketplace());
        if (destination == null) {
            return finish(claim, PushState.FAILED, false, "No tracking push for " + work.marketplace() + " yet.");
        }
        if (claim.maybeSent()) {
            Instant settled = claim.sentAt() == null ? Instant.EPOCH : claim.sentAt().plus(properties.settle());
            Duration wait = Duration.between(Instant.now(), settled);
            if (!wait.isNegative() && !wait.isZero()) {
                return later(claim, wait, true, false, "Confirming whether the last push arrived.");
            }
            if (!renew(claim)) {
                return Outcome.LOST_CLAIM;
            }
            Optional<PushReceipt> found;
            try {
                found = destination.findPushed(claim.storeId(), work.push().marketplaceOrderId(), claim.trackingNumber());
            } catch (MarketplaceException e) {
                return failed(claim, e, true);
            }
            if (found.isPresent()) {
                log.info("Tracking push {} had arrived before its answer was lost; not pushed again", claim.id());
                return succeeded(claim, found.get());
            }
        }
        if (!sending.getAsBoolean()
                || !transactions.execute(tx -> journal.markSending(claim.id(), node, properties.lease()))) {
            return Outcome.LOST_CLAIM;
        }
        PushReceipt receipt;
        try {
            receipt = destination.push(claim.storeId(), work.push());
        } catch (MarketplaceException e) {
            return failed(claim, e, e instanceof MarketplaceUnavailable);
        }
        return succeeded(claim, receipt);
    }

    /** "Retry push" on the order's current shipment: a rejected or failed push is due again now. */
    public PushStatus retry(UUID orderId) {
        return transactions.execute(tx -> {
            Shipment current = shipmentOf(orderId);
            PushStatus push = current == null ? null : current.push();
            if (push == null || !push.retryable()) {
                throw new ShippingException(Kind.CONFLICT, "push-not-retryable",
                        "This order has no rejected or failed tracking push to retry.");
            }
            journal.retry(push.id());
            if (!jobs.requeue(JOB_KIND, push.id())) {
                jobs.enqueue(JOB_KIND, push.id(), stores.get(journal.storeOf(push.id()).orElseThrow()).ownerId());
            }
            return journal.get(push.id()).orElseThrow();
        });
    }

    private Shipment shipmentOf(UUID orderId) {
        try {
            var order = orders.summary(orderId);
            return shipments.live(order.storeId(), orderId, RateOrder.PACKAGE).map(ShipmentJournal.Row::view)
                    .orElse(null);
        } catch (OrderException e) {
            throw ShippingException.notFound("order");
        }
    }

    private record Work(Claim claim, Marketplace marketplace, TrackingPush push, String problem) {
    }

    /** What to push, read in the claim's transaction. */
    private Work work(Claim claim) {
        Shipment shipment = shipments.get(claim.shipmentId()).map(ShipmentJournal.Row::view).orElse(null);
        OrderDetails order;
        try {
            order = orders.get(claim.orderId());
        } catch (OrderException e) {
            return new Work(claim, null, null, "The order is gone.");
        }
        Marketplace marketplace = order.summary().marketplace();
        if (shipment == null || shipment.purchasedAt() == null) {
            return new Work(claim, marketplace, null, "The shipment has no bought label.");
        }
        if (shipment.state() == State.VOIDED && !claim.maybeSent()) {
            return new Work(claim, marketplace, null,
                    "The label was voided before its tracking was pushed; nothing to push.");
        }
        Carrier carrier = carrier(shipment.carrier());
        if (carrier == null) {
            return new Work(claim, marketplace, null, "Carrier " + shipment.carrier()
                    + " cannot be reported to the marketplace.");
        }
        List<TrackingPush.PushLine> lines = order.lines().stream().filter(l -> l.quantity() > 0)
                .map(l -> new TrackingPush.PushLine(l.lineNumber(), l.quantity())).toList();
        if (lines.isEmpty()) {
            return new Work(claim, marketplace, null, "The order has no lines to ship.");
        }
        TrackingPush push = new TrackingPush(order.summary().marketplaceOrderId(), lines, carrier, shipment.service(),
                claim.trackingNumber(), null, shipment.purchasedAt(), shipment.packageNo());
        return new Work(claim, marketplace, push, null);
    }

    static Carrier carrier(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "USPS" -> Carrier.USPS;
            case "UPS" -> Carrier.UPS;
            case "FEDEX" -> Carrier.FEDEX;
            default -> null;
        };
    }

    private boolean renew(Claim claim) {
        return Boolean.TRUE.equals(transactions.execute(tx -> journal.renew(claim.id(), node, properties.lease())));
    }

    private Outcome succeeded(Claim claim, PushReceipt receipt) {
        boolean done = Boolean.TRUE.equals(transactions.execute(tx -> journal.succeeded(claim.id(), node,
                receipt.marketplaceReference(), receipt.answer())));
        if (done) {
            log.info("Tracking of shipment {} pushed: {}", claim.shipmentId(), receipt.answer());
        }
        return done ? Outcome.SUCCEEDED : Outcome.LOST_CLAIM;
    }

    private Outcome failed(Claim claim, MarketplaceException e, boolean maybeSent) {
        if (e instanceof MarketplaceRejected) {
            return finish(claim, PushState.REJECTED, false, e.getMessage());
        }
        if (e instanceof CredentialsExpired) {
            return later(claim, properties.reconnectWait(), maybeSent, true,
                    "The marketplace refused the store's credentials: reconnect the store.");
        }
        Duration wait = backoff(claim.attempts() + 1);
        if (e instanceof RateLimited limited && limited.retryAfter() != null
                && limited.retryAfter().compareTo(wait) > 0) {
            wait = limited.retryAfter();
        }
        if (maybeSent && wait.compareTo(properties.settle()) < 0) {
            wait = properties.settle();
        }
        if (claim.attempts() + 1 >= properties.maxAttempts()) {
            return finish(claim, PushState.FAILED, maybeSent, "Gave up after " + properties.maxAttempts()
                    + " attempts: " + e.getMessage());
        }
        log.info("Tracking push {} will be tried again in {}: {}", claim.id(), wait, e.getMessage());
        return later(claim, wait, maybeSent, false, e.getMessage());
    }

    /** {@code firstRetry × 2^(attempt-1)}, at most {@code maxRetry}, ±20 % jitter. */
    Duration backoff(int attempt) {
        double base = properties.firstRetry().toMillis() * Math.pow(2, Math.min(30, Math.max(0, attempt - 1)));
        double capped = Math.min(base, properties.maxRetry().toMillis());
        return Duration.ofMillis((long) (capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    }

    private Outcome later(Claim claim, Duration wait, boolean maybeSent, boolean reconnect, String error) {
        return Boolean.TRUE.equals(transactions.execute(tx -> journal.retryLater(claim.id(), node, wait, maybeSent,
                reconnect, error))) ? Outcome.RETRY_LATER : Outcome.LOST_CLAIM;
    }

    private Outcome finish(Claim claim, PushState state, boolean maybeSent, String error) {
        boolean done = Boolean.TRUE.equals(transactions.execute(tx -> journal.finish(claim.id(), node, state,
                maybeSent, error)));
        if (done) {
            log.info("Tracking push {} {}: {}", claim.id(), state, error);
        }
        return done ? (state == PushState.REJECTED ? Outcome.REJECTED : Outcome.FAILED) : Outcome.LOST_CLAIM;
    }
}
