package dev.esm.marketplace.ebay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.sandbox.FaultKnobs;
import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.ebay.EbayApp;
import dev.esm.sandbox.ebay.EbayOrder;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.ebay.EbaySimulator;
import dev.esm.marketplace.adapter.TrackingConnector;
import dev.esm.marketplace.TrackingDestinationContract;
import dev.esm.marketplace.TrackingPush;
import dev.esm.marketplace.StoreCredentials;

/** The eBay connector's createShippingFulfillment against the eBay simulator, over real HTTP. */
class EbayTrackingDestinationContractTests extends TrackingDestinationContract<StoreCredentials.Ebay> {

    private SandboxClock clock;
    private EbaySimulator simulator;
    private EbaySeller seller;
    private String refreshToken;
    private EbayTrackingDestination destination;
    private EbayOrderSource source;

    @BeforeEach
    void start() {
        clock = SandboxClock.fixed(Instant.parse("2026-11-20T12:00:00Z"));
        simulator = new EbaySimulator(clock, 11).start();
        EbayApp app = simulator.registerApp("push-app", "push-cert");
        seller = simulator.registerSeller("push_seller");
        seller.generateOrders(120, Duration.ofDays(10));
        refreshToken = simulator.issueRefreshToken(app, seller);
        EbayProperties properties = new EbayProperties(simulator.baseUrl(), simulator.tokenUrl(), "push-app",
                "push-cert", null, 50, Duration.ofDays(11), null, Duration.ofSeconds(5), Duration.ofDays(3), null);
        destination = new EbayTrackingDestination(properties);
        source = new EbayOrderSource(properties);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Override
    protected TrackingConnector<StoreCredentials.Ebay> destination() {
        return destination;
    }

    @Override
    protected OrderConnector<StoreCredentials.Ebay> source() {
        return source;
    }

    @Override
    protected StoreCredentials.Ebay credentials() {
        return new StoreCredentials.Ebay(refreshToken);
    }

    @Override
    protected StoreCredentials.Ebay wrongCredentials() {
        return new StoreCredentials.Ebay("v^1.1#i^1#p^3#I^3#r^1#f^0#t^Ul4xMF8not-a-grant");
    }

    @Override
    protected ShippableOrder shippableOrder() {
        EbayOrder order = seller.orderIds().stream().map(id -> seller.order(id).orElseThrow())
                .filter(o -> o.fulfillmentStatus() == EbayOrder.Fulfillment.NOT_STARTED
                        && o.cancelState() == EbayOrder.Cancel.NONE_REQUESTED
                        && o.paymentStatus() == EbayOrder.Payment.PAID)
                .findFirst().orElseThrow();
        return new ShippableOrder(order.orderId(), order.lineItems().stream()
                .map(l -> new TrackingPush.PushLine(l.lineItemId(), l.quantity())).toList());
    }

    @Override
    protected int pushCount(String orderId) {
        return seller.shippingFulfillmentCount(orderId);
    }

    @Override
    protected List<String> rejectionOfUnknownLine() {
        return List.of("HTTP 400", "errorId 32200", "Invalid line item id", "has no line item 987654321");
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
