package dev.esm.marketplace.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.esm.marketplace.StoreCredentials;
import dev.esm.marketplace.adapter.MarketplaceAdapter;
import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.ebay.EbayApp;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.ebay.EbaySimulator;

/**
 * One token cache per eBay application and store: syncing a store's orders and pushing its tracking exchange its
 * refresh token once, counted at the eBay simulator's token endpoint.
 */
class EbayTokenCacheTests {

    private EbaySimulator simulator;
    private EbayProperties properties;
    private StoreCredentials.Ebay credentials;
    private EbaySeller seller;

    @BeforeEach
    void start() {
        SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-11-20T12:00:00Z"));
        simulator = new EbaySimulator(clock, 5).start();
        EbayApp app = simulator.registerApp("cache-app", "cache-cert");
        seller = simulator.registerSeller("cache_seller");
        seller.generateOrders(5, Duration.ofDays(3));
        credentials = new StoreCredentials.Ebay(simulator.issueRefreshToken(app, seller), seller.userId());
        properties = new EbayProperties(simulator.baseUrl(), simulator.tokenUrl(), "cache-app", "cache-cert", null,
                50, Duration.ofDays(11), null, Duration.ofSeconds(5), Duration.ofDays(3), null);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void ordersAndTrackingOfOneStoreShareOneAccessToken() throws Exception {
        MarketplaceAdapter<StoreCredentials.Ebay> ebay = new EbayMarketplace(properties);
        String orderId = seller.orderIds().get(0);

        long before = tokenRequests();
        ebay.orders().fetch(credentials, null, Instant.parse("2026-11-20T12:00:00Z"));
        ebay.tracking().findPushed(credentials, orderId, "9400100000000000000000");
        ebay.orders().fetch(credentials, null, Instant.parse("2026-11-20T12:00:00Z"));

        assertThat(tokenRequests() - before).as("refresh-token grants for one store").isEqualTo(1);
    }

    @Test
    void connectorsWithCachesOfTheirOwnWouldRefreshTwice() throws Exception {
        // the wiring before the registry: each connector built its own cache; the count above can tell the difference
        String orderId = seller.orderIds().get(0);
        long before = tokenRequests();
        new EbayOrderSource(properties).fetch(credentials, null, Instant.parse("2026-11-20T12:00:00Z"));
        new EbayTrackingDestination(properties).findPushed(credentials, orderId, "9400100000000000000000");

        assertThat(tokenRequests() - before).isEqualTo(2);
    }

    private long tokenRequests() {
        return simulator.counters().requests(EbaySimulator.OP_TOKEN);
    }
}
