package dev.esm.marketplace;

import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.marketplace.adapter.TrackingConnector;
import dev.esm.shared.Carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.esm.shared.OrderStatus;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceOrder;
import dev.esm.marketplace.OrderPage;
import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.sandbox.FaultKnobs;
import dev.esm.marketplace.StoreCredentials;

/**
 * The contract every marketplace connector's {@link TrackingDestination} passes against its simulator over real HTTP:
 * an accepted push is applied once and the next order sync (through the same connector's {@link OrderSource}) sees
 * the order shipped; refusals, outages, throttling and refused credentials come back as the closed set of failures,
 * and a failed push leaves nothing pushed.
 */
public abstract class TrackingDestinationContract<C extends StoreCredentials> {

    /** An order the marketplace would let ship now, and all of its lines with their full quantities. */
    public record ShippableOrder(String orderId, List<TrackingPush.PushLine> lines) {
    }

    protected abstract TrackingConnector<C> destination();

    protected abstract OrderConnector<C> source();

    protected abstract C credentials();

    protected abstract C wrongCredentials();

    protected abstract ShippableOrder shippableOrder();

    /** Pushes the simulator accepted for the order. */
    protected abstract int pushCount(String orderId);

    /** What a rejection of an unknown line id must quote: the marketplace's error code and (part of) its text. */
    protected abstract List<String> rejectionOfUnknownLine();

    protected abstract Instant now();

    protected abstract void advanceClock(Duration duration);

    protected abstract void expireTokens();

    protected abstract FaultKnobs faults();

    protected TrackingPush push(ShippableOrder order, List<TrackingPush.PushLine> lines) {
        return new TrackingPush(order.orderId(), lines, Carrier.USPS, "USPS Ground Advantage",
                "9400100105807076063249",
                "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100105807076063249",
                now().minus(Duration.ofMinutes(30)));
    }

    @Test
    void acceptedPushIsAppliedOnceAndTheNextSyncSeesTheOrderShipped() throws MarketplaceException {
        String cursor = drain(null).cursor();
        ShippableOrder order = shippableOrder();
        advanceClock(Duration.ofMinutes(2));

        PushReceipt receipt = destination().push(credentials(), push(order, order.lines()));

        assertThat(receipt.answer()).isNotBlank().doesNotContain("\":");
        assertThat(pushCount(order.orderId())).isEqualTo(1);
        advanceClock(Duration.ofMinutes(1));
        List<MarketplaceOrder> next = drain(cursor).orders();
        assertThat(next).filteredOn(o -> o.marketplaceOrderId().equals(order.orderId())).isNotEmpty()
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(OrderStatus.SHIPPED));
    }

    @Test
    void readBackFindsTheTrackingNumberOnlyOnceThePushWasApplied() throws MarketplaceException {
        ShippableOrder order = shippableOrder();
        TrackingPush push = push(order, order.lines());
        assertThat(destination().findPushed(credentials(), order.orderId(), push.trackingNumber())).isEmpty();

        destination().push(credentials(), push);

        assertThat(destination().findPushed(credentials(), order.orderId(), push.trackingNumber()))
                .hasValueSatisfying(receipt -> assertThat(receipt.answer()).isNotBlank().doesNotContain("\":"));
        assertThat(destination().findPushed(credentials(), order.orderId(), "9400100000000000000000")).isEmpty();
        assertThat(pushCount(order.orderId())).as("reading back pushes nothing").isEqualTo(1);
    }

    @Test
    void rejectedPushQuotesTheMarketplacesErrorCodeAndText() {
        ShippableOrder order = shippableOrder();
        TrackingPush unknownLine = push(order, List.of(new TrackingPush.PushLine("987654321", 1)));

        assertThatThrownBy(() -> destination().push(credentials(), unknownLine))
                .isInstanceOfSatisfying(MarketplaceException.MarketplaceRejected.class, rejected -> {
                    for (String word : rejectionOfUnknownLine()) {
                        assertThat(rejected.getMessage()).contains(word);
                    }
                    assertThat(rejected.getMessage()).as("no raw body").doesNotContain("\"errors\"", "\":");
                });
        assertThat(pushCount(order.orderId())).isZero();
    }

    @Test
    void serverErrorsAreUnavailableAndPushNothingSoTheRetryPushesExactlyOnce() throws MarketplaceException {
        ShippableOrder order = shippableOrder();
        faults().setServerErrorShare(1.0);
        try {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> destination().push(credentials(), push(order, order.lines())))
                        .isInstanceOf(MarketplaceException.MarketplaceUnavailable.class);
            }
        } finally {
            faults().setServerErrorShare(0);
        }
        assertThat(pushCount(order.orderId())).isZero();

        destination().push(credentials(), push(order, order.lines()));
        assertThat(pushCount(order.orderId())).isEqualTo(1);
    }

    @Test
    void gatewayTimeoutsAreUnavailable() {
        ShippableOrder order = shippableOrder();
        faults().setTimeoutHold(Duration.ofMillis(50)).setTimeoutShare(1.0);
        try {
            assertThatThrownBy(() -> destination().push(credentials(), push(order, order.lines())))
                    .isInstanceOf(MarketplaceException.MarketplaceUnavailable.class);
        } finally {
            faults().setTimeoutShare(0);
        }
        assertThat(pushCount(order.orderId())).isZero();
    }

    @Test
    void throttlingIsReportedWithTheTimeToWait() {
        ShippableOrder order = shippableOrder();
        faults().setThrottleShare(1.0);
        try {
            assertThatThrownBy(() -> destination().push(credentials(), push(order, order.lines())))
                    .isInstanceOfSatisfying(MarketplaceException.RateLimited.class,
                            limited -> assertThat(limited.retryAfter().isNegative()).isFalse());
        } finally {
            faults().setThrottleShare(0);
        }
        assertThat(pushCount(order.orderId())).isZero();
    }

    @Test
    void refusedCredentialsAreReportedAsCredentialsExpired() {
        ShippableOrder order = shippableOrder();
        assertThatThrownBy(() -> destination().push(wrongCredentials(), push(order, order.lines())))
                .isInstanceOf(MarketplaceException.CredentialsExpired.class);
        assertThat(pushCount(order.orderId())).isZero();
    }

    @Test
    void expiredAccessTokenIsRenewedWithoutTheCallerNoticing() throws MarketplaceException {
        ShippableOrder first = shippableOrder();
        destination().push(credentials(), push(first, first.lines()));
        expireTokens();
        ShippableOrder second = shippableOrder();

        destination().push(credentials(), push(second, second.lines()));

        assertThat(pushCount(second.orderId())).isEqualTo(1);
    }

    private Drained drain(String cursor) throws MarketplaceException {
        List<MarketplaceOrder> orders = new ArrayList<>();
        for (int pages = 0; pages < 10_000; pages++) {
            OrderPage page = source().fetch(credentials(), cursor, now());
            orders.addAll(page.orders());
            cursor = page.nextCursor();
            if (page.windowComplete()) {
                return new Drained(orders, cursor);
            }
        }
        throw new AssertionError("the window did not complete");
    }

    private record Drained(List<MarketplaceOrder> orders, String cursor) {
    }
}
