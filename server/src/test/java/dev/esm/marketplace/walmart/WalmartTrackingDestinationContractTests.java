package dev.esm.marketplace.walmart;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.sandbox.FaultKnobs;
import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.walmart.WalmartOrder;
import dev.esm.sandbox.walmart.WalmartOrderLine;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;
import dev.esm.sandbox.walmart.WalmartStatus;
import dev.esm.marketplace.adapter.TrackingConnector;
import dev.esm.marketplace.TrackingDestinationContract;
import dev.esm.marketplace.TrackingPush;
import dev.esm.marketplace.StoreCredentials;

/** The Walmart connector's tracking push against the Walmart simulator, over real HTTP. */
class WalmartTrackingDestinationContractTests extends TrackingDestinationContract<StoreCredentials.Walmart> {

    private SandboxClock clock;
    private WalmartSimulator simulator;
    private WalmartSeller seller;
    private WalmartTrackingDestination destination;
    private WalmartOrderSource source;

    @BeforeEach
    void start() {
        clock = SandboxClock.fixed(Instant.parse("2026-11-20T12:00:00Z"));
        simulator = new WalmartSimulator(clock, 11).setQuotasEnabled(false).start();
        seller = simulator.registerSeller("push-client", "push-secret");
        seller.generateOrders(120, Duration.ofDays(10));
        WalmartProperties properties = new WalmartProperties(simulator.baseUrl(), null, 50, Duration.ofDays(11), null,
                Duration.ofSeconds(5), Duration.ofDays(3));
        destination = new WalmartTrackingDestination(properties);
        source = new WalmartOrderSource(properties);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Override
    protected TrackingConnector<StoreCredentials.Walmart> destination() {
        return destination;
    }

    @Override
    protected OrderConnector<StoreCredentials.Walmart> source() {
        return source;
    }

    @Override
    protected StoreCredentials.Walmart credentials() {
        return new StoreCredentials.Walmart("push-client", "push-secret");
    }

    @Override
    protected StoreCredentials.Walmart wrongCredentials() {
        return new StoreCredentials.Walmart("push-client", "not-the-secret");
    }

    @Override
    protected ShippableOrder shippableOrder() {
        for (String id : seller.purchaseOrderIds()) {
            WalmartOrder order = seller.order(id).orElseThrow();
            if (order.lines().stream().allMatch(WalmartTrackingDestinationContractTests::unshipped)) {
                return new ShippableOrder(id, order.lines().stream()
                        .map(l -> new TrackingPush.PushLine(l.lineNumber(), l.quantity())).toList());
            }
        }
        throw new IllegalStateException("no shippable order");
    }

    private static boolean unshipped(WalmartOrderLine line) {
        return line.statuses().stream().allMatch(s -> s.status() == WalmartStatus.CREATED
                || s.status() == WalmartStatus.ACKNOWLEDGED);
    }

    @Override
    protected int pushCount(String orderId) {
        return seller.shipmentPushCount(orderId);
    }

    @Override
    protected List<String> rejectionOfUnknownLine() {
        return List.of("HTTP 400", "INVALID_REQUEST_CONTENT", "has no line 987654321");
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected void advanceClock(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected void expireTokens() {
        simulator.expireAllTokens();
    }

    @Override
    protected FaultKnobs faults() {
        return simulator.faults();
    }
}
