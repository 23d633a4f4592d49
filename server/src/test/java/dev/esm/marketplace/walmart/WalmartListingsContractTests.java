package dev.esm.marketplace.walmart;

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
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;

/** Walmart's listing connector ({@code GET /v3/items}, then {@code GET /v3/inventories}) against its simulator. */
class WalmartListingsContractTests extends ListingSourceContract<StoreCredentials.Walmart> {

    private WalmartSimulator simulator;
    private WalmartSeller seller;
    private WalmartListings source;

    @BeforeEach
    void start() {
        SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-11-20T12:00:00Z"));
        simulator = new WalmartSimulator(clock, 7).setQuotasEnabled(false).start();
        seller = simulator.registerSeller("listing-client", "listing-secret");
        source = new WalmartListings(new WalmartAccess(new WalmartProperties(simulator.baseUrl(), null, 50, null, null,
                Duration.ofSeconds(5), Duration.ofDays(3))));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void quantitiesComeFromInventoryPagesSummedOverShipNodes() throws MarketplaceException {
        ListingConnector<StoreCredentials.Walmart> connector = source();
        String cursor = null;
        int itemPages = 0;
        int inventoryPages = 0;
        boolean complete = false;
        while (!complete) {
            var page = connector.fetch(credentials(), cursor);
            if (!page.listings().isEmpty()) {
                itemPages++;
                assertThat(page.listings()).allMatch(l -> l.quantity() == null);
                assertThat(inventoryPages).as("items before inventories").isZero();
            }
            if (!page.stock().isEmpty()) {
                inventoryPages++;
            }
            cursor = page.nextCursor();
            complete = page.complete();
        }
        assertThat(itemPages).isGreaterThan(1);
        assertThat(inventoryPages).isGreaterThan(1);
        assertThat(simulator.counters().requests(WalmartSimulator.OP_LIST_ITEMS)).isEqualTo(itemPages);
    }

    @Override
    protected ListingConnector<StoreCredentials.Walmart> source() {
        return source;
    }

    @Override
    protected StoreCredentials.Walmart credentials() {
        return new StoreCredentials.Walmart("listing-client", "listing-secret");
    }

    @Override
    protected StoreCredentials.Walmart wrongCredentials() {
        return new StoreCredentials.Walmart("listing-client", "not-the-secret");
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
    protected boolean scanPriceOf(DemoListing held) {
        return true;
    }

    @Override
    protected void checkDetails(DemoListing held, MarketplaceListing read) {
        assertThat(read.marketplaceItemId()).isEqualTo(held.itemId());
        assertThat(read.imageUrl()).as("Walmart's item list carries no image").isNull();
        assertThat(read.fulfilment()).isEqualTo(MarketplaceListing.Fulfilment.SELLER);
        assertThat(read.issues().stream().map(MarketplaceListing.Issue::message).toList())
                .containsExactlyElementsOf(held.issues().stream().map(DemoListing.Issue::message).toList());
        assertThat(read.attributes()).containsEntry("gtin", held.gtin());
        assertThat(read.price()).isNotNull();
    }
}
