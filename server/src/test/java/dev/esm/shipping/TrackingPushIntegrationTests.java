package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.orders.OrderQueries;
import dev.esm.shared.OrderStatus;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.sandbox.walmart.ShipmentPush;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingViews.PushState;
import dev.esm.shipping.ShippingViews.PushStatus;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.shipping.spi.Rate;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tracking push outbox through the real server, database and Walmart simulator over HTTP: a bought label's
 * tracking reaches the marketplace exactly once (the simulator counts pushes), also through injected 5xx and gateway
 * timeouts and a lost answer; void and re-ship push the new tracking number; a refused push shows the marketplace's
 * answer and can be retried; another operator sees and triggers nothing. Retries are driven by calling the poller's
 * work ({@link TrackingPushes#runDue()}) here, as the scheduler is off in tests; the node-death case runs real server
 * processes ({@code TrackingPushCrashIntegrationTests}).
 */
class TrackingPushIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    TestShipping shipping;
    @Autowired
    RateOrder rateOrder;
    @Autowired
    BuyLabel buyLabel;
    @Autowired
    VoidLabel voidLabel;
    @Autowired
    ShipmentQueries shipments;
    @Autowired
    OrderQueries orders;
    @Autowired
    SyncOrders syncOrders;
    @Autowired
    TrackingPushes pushes;
    @Autowired
    TrackingPushOutbox outbox;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Stores stores;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ApplicationContext context;

    @Test
    void theTrackingOfABoughtLabelReachesWalmartOnceAndTheNextSyncSeesTheOrderShipped() {
        Shop shop = shipping.shop("Push Seller", 12);
        UUID order = shop.unshipped(orders, 1).get(0);
        String po = shop.purchaseOrderId(orders, order);

        Shipment bought = buy(shop, order);
        assertThat(bought.push()).as("the push is in the outbox with the purchase").isNotNull();

        // no poller runs in tests: the node that bought pushes right after the commit
        PushStatus push = await(shop, order, p -> p.state() == PushState.SUCCEEDED, false);
        assertThat(push.trackingNumber()).isEqualTo(bought.trackingCode());
        assertThat(push.pushedAt()).isNotNull();
        assertThat(push.marketplaceAnswer()).startsWith("Walmart: line ").contains("Shipped");
        assertThat(push.attempts()).isEqualTo(1);
        assertThat(shop.seller().shipmentPushCount(po)).isEqualTo(1);
        assertThat(shop.seller().shipmentPushes(po)).extracting(ShipmentPush::trackingNumber)
                .containsOnly(bought.trackingCode());
        assertThat(shop.seller().shipmentPushes(po)).extracting(ShipmentPush::carrier).containsOnly("USPS");

        shop.as(() -> syncOrders.sync(shop.store()));
        assertThat(shop.as(() -> orders.summary(order)).status()).isEqualTo(OrderStatus.SHIPPED);
        // polling again changes nothing
        pushes.runDue();
        assertThat(shop.seller().shipmentPushCount(po)).isEqualTo(1);
    }

    @Test
    void injectedServerErrorsAndGatewayTimeoutsAreRetriedWithBackoffUntilExactlyOnePushArrived() {
        Shop shop = shipping.shop("Flaky Push Seller", 16);
        List<UUID> picked = shop.unshipped(orders, 3);
        var faults = TestSandbox.walmart().faults();
        faults.reseed(4242).setTimeoutHold(Duration.ofMillis(200)).setServerErrorShare(0.5).setTimeoutShare(0.2);
        try {
            for (UUID order : picked) {
                buy(shop, order);
            }
            for (UUID order : picked) {
                await(shop, order, p -> p.state() == PushState.SUCCEEDED, true);
            }
        } finally {
            faults.reset();
        }
        assertThat(TestSandbox.walmart().counters().faultsTotal()).as("faults were injected").isPositive();
        int attempts = 0;
        for (UUID order : picked) {
            String po = shop.purchaseOrderId(orders, order);
            assertThat(shop.seller().shipmentPushCount(po)).as("pushes applied to " + po).isEqualTo(1);
            attempts += shop.as(() -> shipments.forOrder(order)).current().push().attempts();
        }
        assertThat(attempts).as("some pushes needed more than one attempt").isGreaterThan(picked.size());
    }

    @Test
    void aPushWhoseAnswerWasLostIsConfirmedByReadingTheOrderBackNotPushedAgain() throws Exception {
        Shop shop = shipping.shop("Lost Answer Seller", 12);
        UUID order = shop.unshipped(orders, 1).get(0);
        String po = shop.purchaseOrderId(orders, order);
        buy(shop, order);
        PushStatus pushed = await(shop, order, p -> p.state() == PushState.SUCCEEDED, false);
        assertThat(shop.seller().shipmentPushCount(po)).isEqualTo(1);

        // as if the answer to that push had never come: the row says "maybe sent", due again
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement lost = db.prepareStatement("""
                update esm.tracking_push set state = 'PENDING', maybe_sent = true, sent_at = now() - interval '1 minute',
                    next_attempt_at = now(), marketplace_answer = null, pushed_at = null where id = ?""")) {
            lost.setObject(1, pushed.id());
            assertThat(lost.executeUpdate()).isEqualTo(1);
        }
        // ...and so says its job: an attempt went out without an answer, due again
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement lost = db.prepareStatement("""
                update esm.job set state = 'RETRY', maybe_sent = true, sent_at = now() - interval '1 minute',
                    run_at = now(), finished_at = null where kind = 'tracking-push' and subject = ?""")) {
            lost.setObject(1, pushed.id());
            assertThat(lost.executeUpdate()).isEqualTo(1);
        }
        PushStatus confirmed = await(shop, order, p -> p.state() == PushState.SUCCEEDED, true);
        assertThat(confirmed.marketplaceAnswer()).startsWith("Walmart shows the tracking on line ");
        assertThat(shop.seller().shipmentPushCount(po)).as("read back, not pushed again").isEqualTo(1);
    }

    @Test
    void voidAndReshipPushesTheNewTrackingNumberAndKeepsTheOldPushAsHistory() {
        Shop shop = shipping.shop("Reship Seller", 12);
        UUID order = shop.unshipped(orders, 1).get(0);
        String po = shop.purchaseOrderId(orders, order);
        Shipment first = buy(shop, order);
        await(shop, order, p -> p.state() == PushState.SUCCEEDED, false);

        shop.as(() -> voidLabel.voidLabel(order, "test"));
        Shipment second = buy(shop, order);
        assertThat(second.trackingCode()).isNotEqualTo(first.trackingCode());
        PushStatus again = await(shop, order, p -> p.state() == PushState.SUCCEEDED, false);

        assertThat(again.trackingNumber()).isEqualTo(second.trackingCode());
        assertThat(shop.seller().shipmentPushCount(po)).isEqualTo(2);
        List<ShipmentPush> received = shop.seller().shipmentPushes(po);
        assertThat(received.get(received.size() - 1).trackingNumber()).isEqualTo(second.trackingCode());
        var history = shop.as(() -> shipments.forOrder(order)).voided();
        assertThat(history).singleElement().satisfies(v -> {
            assertThat(v.push().state()).isEqualTo(PushState.SUCCEEDED);
            assertThat(v.push().trackingNumber()).isEqualTo(first.trackingCode());
        });
    }

    @Test
    void aRefusedPushIsRejectedWithWalmartsAnswerAndCanBeRetried() {
        Shop shop = shipping.shop("Refused Push Seller", 60, Duration.ofDays(14));
        // a deliberate reshipment of a delivered order (ADR 0019): Walmart refuses its tracking
        UUID order = shop.delivered(orders);
        String po = shop.purchaseOrderId(orders, order);
        reship(shop, order);

        PushStatus rejected = await(shop, order, p -> p.state() == PushState.REJECTED, false);
        assertThat(rejected.lastError()).contains("INVALID_REQUEST_CONTENT").contains("cannot be shipped");
        assertThat(rejected.retryable()).isTrue();
        assertThat(shop.seller().shipmentPushCount(po)).isZero();

        PushStatus retried = shop.as(() -> outbox.retry(order));
        assertThat(retried.state()).isIn(PushState.PENDING, PushState.PUSHING, PushState.REJECTED);
        PushStatus again = await(shop, order, p -> p.state() == PushState.REJECTED && p.attempts() == 1, true);
        assertThat(again.lastError()).contains("INVALID_REQUEST_CONTENT");
        assertThat(shop.seller().shipmentPushCount(po)).isZero();
        // nothing to retry on a pushed order
        UUID fine = shop.unshipped(orders, 1).get(0);
        buy(shop, fine);
        await(shop, fine, p -> p.state() == PushState.SUCCEEDED, false);
        assertThatThrownBy(() -> shop.as(() -> outbox.retry(fine))).isInstanceOfSatisfying(ShippingException.class,
                e -> assertThat(e.code()).isEqualTo("push-not-retryable"));
    }

    @Test
    void refusedCredentialsMakeThePushWaitForAReconnectWhichRetriesItAtOnce() {
        Shop shop = shipping.shop("Reconnect Push Seller", 12);
        UUID order = shop.unshipped(orders, 1).get(0);
        String po = shop.purchaseOrderId(orders, order);
        // credentials Walmart refuses by the time of the push (another seller account, so no cached token helps, whose
        // secret is reset in Seller Center after it was saved)
        WalmartSeller other = TestSandbox.walmartSeller();
        shop.as(() -> stores.replaceCredentials(shop.store(), new StoreCredentials.Walmart(other.clientId(),
                other.clientSecret()), "test"));
        other.resetClientSecret("reset-" + UUID.randomUUID());
        buy(shop, order);

        PushStatus waiting = await(shop, order, p -> p.state() == PushState.PENDING && p.waitingForReconnect(), false);
        assertThat(waiting.lastError()).contains("reconnect the store");
        assertThat(waiting.nextAttemptAt()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(10)));
        pushes.runDue();
        assertThat(shop.as(() -> shipments.forOrder(order)).current().push()).as("not due before the reconnect")
                .satisfies(p -> assertThat(p.state()).isEqualTo(PushState.PENDING))
                .satisfies(p -> assertThat(p.attempts()).isEqualTo(waiting.attempts()));

        shop.as(() -> stores.replaceCredentials(shop.store(), new StoreCredentials.Walmart(shop.seller().clientId(),
                shop.seller().clientSecret()), "test"));
        PushStatus pushed = await(shop, order, p -> p.state() == PushState.SUCCEEDED, true);
        assertThat(pushed.waitingForReconnect()).isFalse();
        assertThat(shop.seller().shipmentPushCount(po)).isEqualTo(1);
    }

    @Test
    void anotherOperatorCanNeitherSeeNorTriggerAStoresPushes() {
        Shop shop = shipping.shop("Private Push Seller", 60, Duration.ofDays(14));
        UUID order = shop.delivered(orders);
        reship(shop, order);
        PushStatus rejected = await(shop, order, p -> p.state() == PushState.REJECTED, false);
        TestOperator stranger = operators.create("Push Stranger");

        ActingOperator.runAs(stranger.id(), () -> {
            Long visible = transactions.execute(tx -> jdbc.sql("select count(*) from tracking_push where order_id = ?")
                    .param(order).query(Long.class).single());
            assertThat(visible).isZero();
            assertThatThrownBy(() -> outbox.retry(order)).isInstanceOfSatisfying(ShippingException.class,
                    e -> assertThat(e.kind()).isEqualTo(ShippingException.Kind.NOT_FOUND));
            assertThat(pushes.attempt(rejected.id())).isEqualTo(TrackingPushes.Outcome.NOT_CLAIMED);
            assertThat(pushes.status(rejected.id())).isEmpty();
        });
        assertThat(shop.as(() -> shipments.forOrder(order)).current().push().state()).isEqualTo(PushState.REJECTED);
    }

    private Shipment reship(Shop shop, UUID order) {
        return buy(shop, order, new RatesCommand(shop.shipFrom(), shop.box(), true, "replacement for a lost parcel"));
    }

    private Shipment buy(Shop shop, UUID order) {
        return buy(shop, order, new RatesCommand(shop.shipFrom(), shop.box()));
    }

    private Shipment buy(Shop shop, UUID order, RatesCommand command) {
        Shipment rated = shop.as(() -> rateOrder.rate(order, command, "test"));
        Rate ground = rated.rates().stream().filter(r -> r.service().equals("GroundAdvantage")).findFirst()
                .orElseThrow();
        Shipment bought = shop.as(() -> buyLabel.buy(order, new BuyCommand(ground.id())));
        assertThat(bought.state()).isEqualTo(State.PURCHASED);
        return bought;
    }

    /** Waits for the order's current push to match; {@code poll}: also do the poller's work meanwhile. */
    private PushStatus await(Shop shop, UUID order, Predicate<PushStatus> done, boolean poll) {
        long until = System.nanoTime() + WAIT.toNanos();
        PushStatus push = null;
        while (System.nanoTime() < until) {
            push = shop.as(() -> shipments.forOrder(order)).current().push();
            if (push != null && done.test(push)) {
                return push;
            }
            if (poll) {
                pushes.runDue();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("push of order " + order + " did not get there in " + WAIT + ": " + push);
    }
}
