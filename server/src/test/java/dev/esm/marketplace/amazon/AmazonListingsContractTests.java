package dev.esm.marketplace.amazon;

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
import dev.esm.sandbox.amazon.AmazonApp;
import dev.esm.sandbox.amazon.AmazonSeller;
import dev.esm.sandbox.amazon.AmazonSimulator;

/** Amazon's listing connector (Listings Items {@code searchListingsItems}) against the SP-API simulator. */
class AmazonListingsContractTests extends ListingSourceContract<StoreCredentials.Amazon> {

    private AmazonSimulator simulator;
    private AmazonSeller seller;
    private AmazonListings source;

    @BeforeEach
    void start() {
        SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-11-20T12:00:00Z"));
        simulator = new AmazonSimulator(clock, 7).setQuotasEnabled(false).start();
        seller = simulator.registerSeller();
        AmazonApp app = simulator.app();
        AmazonProperties properties = new AmazonProperties(simulator.baseUrl(), simulator.tokenUrl(), app.clientId(),
                app.clientSecret(), null, 50, null, null, Duration.ofSeconds(5));
        AmazonHttp http = new AmazonHttp();
        source = new AmazonListings(properties, new AmazonGet(properties, http, new AmazonLwaClient(properties, http)));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void pagesAskForEveryIncludedDataSetAndAtMostTwentyItems() throws MarketplaceException {
        var page = source.fetch(credentials(), null);
        assertThat(page.listings()).hasSize(AmazonListings.PAGE_SIZE);
        assertThat(AmazonListings.INCLUDED_DATA.split(",")).containsExactlyInAnyOrder("summaries", "attributes",
                "issues", "offers", "fulfillmentAvailability");
        assertThat(page.listings()).anyMatch(l -> l.attributes().containsKey("asin"));
    }

    @Test
    void anotherSellersIdIsRefused() {
        AmazonSeller other = simulator.registerSeller();
        StoreCredentials.Amazon mixed = new StoreCredentials.Amazon(other.sellingPartnerId(), seller.refreshToken());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.fetch(mixed, null))
                .isInstanceOf(MarketplaceException.class);
    }

    @Override
    protected ListingConnector<StoreCredentials.Amazon> source() {
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
        assertThat(read.fulfilment()).as("fulfilment of " + held.sku()).isEqualTo(held.marketplaceFulfilled()
                ? MarketplaceListing.Fulfilment.MARKETPLACE : MarketplaceListing.Fulfilment.SELLER);
        assertThat(read.issues()).extracting(MarketplaceListing.Issue::code, MarketplaceListing.Issue::severity)
                .containsExactlyElementsOf(held.issues().stream()
                        .map(i -> org.assertj.core.groups.Tuple.tuple(i.code(), i.severity())).toList());
        assertThat(read.price() == null).as("an unpublished listing has no offer").isEqualTo(!held.published());
        assertThat(read.attributes()).containsEntry("brand", held.brand());
    }
}
