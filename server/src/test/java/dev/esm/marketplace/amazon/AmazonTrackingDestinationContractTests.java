package dev.esm.marketplace.amazon;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.sandbox.FaultKnobs;
import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.amazon.AmazonApp;
import dev.esm.sandbox.amazon.AmazonOrder;
import dev.esm.sandbox.amazon.AmazonSeller;
import dev.esm.sandbox.amazon.AmazonSimulator;
import dev.esm.sandbox.amazon.AmazonStatus;
import dev.esm.shared.Carrier;
import dev.esm.marketplace.PushReceipt;
import dev.esm.marketplace.adapter.TrackingConnector;
import dev.esm.marketplace.TrackingDestinationContract;
import dev.esm.marketplace.TrackingPush;
import dev.esm.marketplace.StoreCredentials;

/** The Amazon connector's confirmShipment against the Amazon SP-API simulator, over real HTTP. */
class AmazonTrackingDestinationContractTests extends TrackingDestinationContract<StoreCredentials.Amazon> {

    private SandboxClock clock;
    private AmazonSimulator simulator;
    private AmazonSeller seller;
    private AmazonTrackingDestination destination;
    private AmazonOrderSource source;

    @BeforeEach
    void start() {
        clock = SandboxClock.fixed(Instant.parse("2026-11-20T12:00:00Z"));
        simulator = new AmazonSimulator(clock, 11).setQuotasEnabled(false).start();
        seller = simulator.registerSeller();
        seller.generateOrders(120, Duration.ofDays(10));
        AmazonApp app = simulator.app();
        AmazonProperties properties = new AmazonProperties(simulator.baseUrl(), simulator.tokenUrl(), app.clientId(),
                app.clientSecret(), null, 50, Duration.ofDays(11), null, Duration.ofSeconds(5));
        destination = new AmazonTrackingDestination(properties);
        source = new AmazonOrderSource(properties);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void withSeveralMarketplacesConfiguredTheOrdersOwnIsUsed() throws MarketplaceException {
        AmazonApp app = simulator.app();
        AmazonTrackingDestination several = new AmazonTrackingDestination(new AmazonProperties(simulator.baseUrl(),
                simulator.tokenUrl(), app.clientId(), app.clientSecret(), List.of("A2EUQ1WTGCTBG2",
                AmazonSimulator.US_MARKETPLACE), 50, null, null, Duration.ofSeconds(5)));
        ShippableOrder order = shippableOrder();

        PushReceipt receipt = several.push(credentials(), new TrackingPush(order.orderId(), order.lines(), Carrier.UPS,
                "UPS Ground", "1Z999AA10123456784", null, now()));

        assertThat(seller.shipmentConfirmations(order.orderId())).singleElement().satisfies(c -> {
            assertThat(c.marketplaceId()).isEqualTo(AmazonSimulator.US_MARKETPLACE);
            assertThat(c.packageReferenceId()).isEqualTo(receipt.marketplaceReference());
            assertThat(c.carrierCode()).isEqualTo("UPS");
        });
    }

    @Test
    void aReplacementLabelAfterAVoidUpdatesThePackageAmazonHasInsteadOfAddingOne() throws MarketplaceException {
        ShippableOrder order = shippableOrder();
        destination.push(credentials(), new TrackingPush(order.orderId(), order.lines(), Carrier.USPS,
                "USPS Ground Advantage", "9400100000000000000017", null, now(), 1));

        PushReceipt replaced = destination.push(credentials(), new TrackingPush(order.orderId(), order.lines(),
                Carrier.USPS, "USPS Priority Mail", "9405500000000000000018", null, now(), 1));

        assertThat(replaced).isNotNull();
        assertThat(seller.shipmentConfirmations(order.orderId())).hasSize(2)
                .allSatisfy(c -> assertThat(c.packageReferenceId()).isEqualTo("1"));
        assertThat(destination.findPushed(credentials(), order.orderId(), "9405500000000000000018")).isPresent();
    }

    @Override
    protected TrackingConnector<StoreCredentials.Amazon> destination() {
        return destination;
    }

    @Override
    protected OrderConnector<StoreCredentials.Amazon> source() {
        return source;
    }

    @Override
    protected StoreCredentials.Amazon credentials() {
        return new StoreCredentials.Amazon(seller.sellingPartnerId(), seller.refreshToken());
    }

    @Override
    protected StoreCredentials.Amazon wrongCredentials() {
        return new StoreCredentials.Amazon(seller.sellingPartnerId(), "Atzr|IwEBnot-a-refresh-token");
    }

    @Override
    protected ShippableOrder shippableOrder() {
        AmazonOrder order = seller.orders().stream().filter(o -> o.status() == AmazonStatus.UNSHIPPED).findFirst()
                .orElseThrow();
        return new ShippableOrder(order.orderId(), order.items().stream()
                .map(i -> new TrackingPush.PushLine(i.orderItemId(), i.quantityOrdered())).toList());
    }

    @Override
    protected int pushCount(String orderId) {
        return seller.shipmentConfirmationCount(orderId);
    }

    @Override
    protected List<String> rejectionOfUnknownLine() {
        return List.of("HTTP 400", "InvalidInput", "has no order item 987654321");
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
