package dev.esm.marketplace.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.esm.marketplace.ListingSourceContract;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceListing;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.marketplace.adapter.ListingConnector;
import dev.esm.sandbox.DemoListing;
import dev.esm.sandbox.FaultKnobs;
import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.ebay.EbayApp;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.ebay.EbaySimulator;

/** eBay's listing connector (Inventory API getInventoryItems + getOffers) against its simulator. */
class EbayListingsContractTests extends ListingSourceContract<StoreCredentials.Ebay> {

    private EbaySimulator simulator;
    private EbaySeller seller;
    private String refreshToken;
    private EbayListings source;

    @BeforeEach
    void start() {
        SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-11-20T12:00:00Z"));
        simulator = new EbaySimulator(clock, 7).start();
        EbayApp app = simulator.registerApp("listing-app", "listing-cert");
        seller = simulator.registerSeller("listing_seller");
        refreshToken = simulator.issueRefreshToken(app, seller);
        EbayProperties properties = new EbayProperties(simulator.baseUrl(), simulator.tokenUrl(), "listing-app",
                "listing-cert", null, 50, null, null, Duration.ofSeconds(5), Duration.ofDays(3), null);
        source = new EbayListings(properties, new EbayTokens(properties, new EbayHttp(), clock));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void offsetIsAPageNumberAndEachSkuAsksForItsOffer() throws MarketplaceException {
        var first = source.fetch(credentials(), null);
        assertThat(first.nextCursor()).isEqualTo("1");
        var second = source.fetch(credentials(), first.nextCursor());
        assertThat(second.listings().get(0).sku()).isNotEqualTo(first.listings().get(0).sku());
        assertThat(simulator.counters().requests(EbaySimulator.OP_GET_OFFERS))
                .isEqualTo(first.listings().size() + second.listings().size());
    }

    @Override
    protected ListingConnector<StoreCredentials.Ebay> source() {
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
    protected List<DemoListing> held() {
        return seller.listings().all();
    }

    @Override
    protected void changePrice(String sku, BigDecimal price) {
        seller.listings().setPrice(sku, price, 0);
    }

    @Override
    protected FaultKnobs faults() {
        return simulator.faults();
    }

    @Override
    protected void checkDetails(DemoListing held, MarketplaceListing read) {
        assertThat(read.imageUrl()).as("image of " + held.sku()).isEqualTo(held.imageUrl());
        assertThat(read.fulfilment()).isEqualTo(MarketplaceListing.Fulfilment.SELLER);
        assertThat(read.issues().isEmpty()).as("issues of " + held.sku()).isEqualTo(held.published());
        if (held.published()) {
            assertThat(read.price()).isNotNull();
            assertThat(read.marketplaceItemId()).as("a published offer's listing id").isNotBlank();
        }
        assertThat(read.attributes()).containsEntry("brand", held.brand());
    }
}
