package dev.esm.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.catalog.internal.SyncListings;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.DemoListing;
import dev.esm.stores.Stores;

/**
 * The listing sync into the catalog and what an operator sees of it: one operator with a store on each marketplace
 * (the simulators' demo catalogs share SKUs), synced for real over HTTP.
 */
class CatalogIntegrationTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private Stores stores;
    @Autowired
    private SyncListings sync;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private org.springframework.transaction.support.TransactionTemplate transactions;

    /** Runs {@code work} in a transaction acting for {@code owner} (row-level security applies). */
    private <T> T as(TestOperator owner, java.util.function.Supplier<T> work) {
        return ActingOperator.runAs(owner.id(), () -> transactions.execute(status -> work.get()));
    }

    private CatalogSellers seller(String name) {
        return CatalogSellers.create(operators, stores, name);
    }

    private void syncAll(CatalogSellers seller) {
        seller.synced(sync);
    }

    private WebClient signedIn(TestOperator operator) {
        WebClient web = browser();
        web.signIn(operator.email(), operator.password());
        return web;
    }

    private static JsonNode json(WebClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void everyListingOfEveryStoreIsInTheCatalogGroupedBySkuAndPagedWithoutGaps() {
        CatalogSellers seller = seller("Catalog Owner");
        syncAll(seller);
        Set<String> expectedSkus = new HashSet<>();
        int expectedListings = 0;
        for (List<DemoListing> held : List.of(seller.walmartSeller().listings().all(),
                seller.amazonSeller().listings().all(), seller.ebaySeller().listings().all())) {
            held.forEach(l -> expectedSkus.add(l.sku()));
            expectedListings += held.size();
        }
        WebClient web = signedIn(seller.owner());
        Set<String> seen = new HashSet<>();
        int listings = 0;
        int shared = 0;
        String after = null;
        int pages = 0;
        do {
            JsonNode page = json(web.api("GET", "/api/v1/listings?limit=40" + (after == null ? "" : "&after="
                    + after), null));
            assertThat(page.path("productCount").asLong()).isEqualTo(expectedSkus.size());
            assertThat(page.path("listingCount").asLong()).isEqualTo(expectedListings);
            for (JsonNode product : page.path("products")) {
                assertThat(seen.add(product.path("sku").asString())).as("each product once").isTrue();
                listings += product.path("listings").size();
                Set<String> marketplaces = new HashSet<>();
                product.path("listings").forEach(l -> {
                    assertThat(l.path("sku").asString()).isEqualTo(product.path("sku").asString());
                    marketplaces.add(l.path("marketplace").asString());
                });
                shared += marketplaces.size() > 1 ? 1 : 0;
            }
            after = page.path("nextAfter").isNull() || page.path("nextAfter").isMissingNode() ? null
                    : page.path("nextAfter").asString();
            pages++;
        } while (after != null);
        assertThat(pages).isGreaterThan(1);
        assertThat(seen).isEqualTo(expectedSkus);
        assertThat(listings).isEqualTo(expectedListings);
        assertThat(shared).as("products listed on two or three marketplaces").isGreaterThan(50);
    }

    @Test
    void filtersAndSearchKeepToWhatTheyName() {
        CatalogSellers seller = seller("Filter Owner");
        syncAll(seller);
        WebClient web = signedIn(seller.owner());

        JsonNode out = json(web.api("GET", "/api/v1/listings?outOfStock=true&limit=200", null));
        assertThat(out.path("listingCount").asLong()).isPositive();
        out.path("products").forEach(p -> p.path("listings").forEach(l ->
                assertThat(l.path("quantity").asInt()).isZero()));

        JsonNode issues = json(web.api("GET", "/api/v1/listings?issues=true&limit=200", null));
        assertThat(issues.path("listingCount").asLong()).isPositive();
        issues.path("products").forEach(p -> p.path("listings").forEach(l ->
                assertThat(l.path("issues").size()).isPositive()));

        JsonNode amazon = json(web.api("GET", "/api/v1/listings?marketplace=amazon&status=UNPUBLISHED&limit=200", null));
        assertThat(amazon.path("listingCount").asLong()).isEqualTo(seller.amazonSeller().listings().all().stream()
                .filter(l -> !l.published()).count());
        amazon.path("products").forEach(p -> p.path("listings").forEach(l -> {
            assertThat(l.path("marketplace").asString()).isEqualTo("AMAZON");
            assertThat(l.path("status").asString()).isEqualTo("UNPUBLISHED");
        }));

        JsonNode store = json(web.api("GET", "/api/v1/listings?store=" + seller.ebay() + "&limit=200", null));
        assertThat(store.path("listingCount").asLong()).isEqualTo(seller.ebaySeller().listings().size());

        JsonNode prefix = json(web.api("GET", "/api/v1/listings?q=esm-mug", null));
        assertThat(prefix.path("productCount").asLong()).isPositive();
        prefix.path("products").forEach(p -> assertThat(p.path("sku").asString()).startsWith("ESM-MUG"));

        JsonNode words = json(web.api("GET", "/api/v1/listings?q=yoga%20mat", null));
        assertThat(words.path("productCount").asLong()).isPositive();
        words.path("products").forEach(p -> assertThat(p.path("title").asString()).containsIgnoringCase("yoga mat"));

        for (String bad : List.of("marketplace=etsy", "status=LIVE", "store=not-a-store", "limit=0", "limit=201")) {
            WebClient.Response refused = web.api("GET", "/api/v1/listings?" + bad, null);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.body()).contains("invalid-filter");
        }
        assertThat(web.get("/catalog?marketplace=etsy").status()).isEqualTo(200);
    }

    @Test
    void anotherOperatorsListingsAnswerNotFound() {
        CatalogSellers seller = seller("Tenant Owner");
        syncAll(seller);
        UUID listing = as(seller.owner(), () -> jdbc.sql(
                "select id from esm.listing where store_id = ? limit 1").param(seller.walmart()).query(UUID.class)
                .single());
        WebClient mine = signedIn(seller.owner());
        assertThat(mine.api("GET", "/api/v1/listings/" + listing, null).status()).isEqualTo(200);
        assertThat(mine.get("/catalog/listings/" + listing).status()).isEqualTo(200);

        TestOperator stranger = operators.create("Catalog Stranger");
        WebClient other = signedIn(stranger);
        WebClient.Response foreign = other.api("GET", "/api/v1/listings/" + listing, null);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body()).contains("listing-not-found");
        assertThat(other.get("/catalog/listings/" + listing).status()).isEqualTo(404);
        assertThat(other.api("GET", "/api/v1/listings/" + UUID.randomUUID(), null).status()).isEqualTo(404);
        assertThat(other.api("GET", "/api/v1/listings/not-an-id", null).status()).isEqualTo(404);
        assertThat(json(other.api("GET", "/api/v1/listings", null)).path("listingCount").asLong()).isZero();
        assertThat(other.api("GET", "/api/v1/listings?store=" + seller.walmart(), null).status()).isEqualTo(404);
    }

    @Test
    void aSecondScanTakesChangesAndRemovesWhatIsGone() {
        CatalogSellers seller = seller("Rescan Owner");
        syncAll(seller);
        DemoListing some = seller.walmartSeller().listings().all().get(3);
        seller.walmartSeller().listings().setPrice(some.sku(), new BigDecimal("7.77"), 0);
        // a quantity other than the one it has (the seeded catalog holds some listings at 0 already)
        int quantity = some.quantity() == 0 ? 7 : 0;
        seller.walmartSeller().listings().setQuantity(some.sku(), quantity, 0);
        as(seller.owner(), () -> {
            // a listing ESM holds that the marketplace no longer has
            return jdbc.sql("""
                    insert into esm.listing (id, store_id, marketplace, sku, status, fulfilment, synced_at)
                    values (?, ?, 'WALMART', 'GONE-AT-WALMART', 'PUBLISHED', 'SELLER', now() - interval '1 day')""")
                    .params(UUID.randomUUID(), seller.walmart()).update();
        });
        SyncListings.Scan scan = ActingOperator.runAs(seller.owner().id(), () -> sync.sync(seller.walmart()));
        assertThat(scan.complete()).isTrue();
        assertThat(scan.removed()).isEqualTo(1);
        assertThat(scan.changed()).as("only the changed listing (price, then quantity)").isEqualTo(2);
        List<Object> row = as(seller.owner(), () -> jdbc.sql(
                "select price, quantity from esm.listing where store_id = ? and sku = ?")
                .params(seller.walmart(), some.sku()).query((rs, n) -> List.<Object>of(rs.getBigDecimal(1),
                        rs.getInt(2))).single());
        assertThat((BigDecimal) row.get(0)).isEqualByComparingTo("7.77");
        assertThat(row.get(1)).isEqualTo(quantity);
        Set<String> skus = as(seller.owner(), () -> jdbc.sql(
                "select sku from esm.listing where store_id = ?").param(seller.walmart()).query(String.class).list()
                .stream().collect(Collectors.toSet()));
        assertThat(skus).doesNotContain("GONE-AT-WALMART").hasSize(seller.walmartSeller().listings().size());
    }

    @Test
    void aScanStoppedMidwayResumesFromItsSavedCursor() {
        CatalogSellers seller = seller("Resume Owner");
        TestSandbox.amazon().faults().setServerErrorShare(0.0);
        // the first pages pass, then Amazon fails every call: the scan stops with its cursor saved
        long before = TestSandbox.amazon().counters().requests("searchListingsItems");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread failer = new Thread(() -> {
            while (!done.get() && TestSandbox.amazon().counters().requests("searchListingsItems") < before + 3) {
                Thread.onSpinWait();
            }
            if (!done.get()) {
                TestSandbox.amazon().faults().setServerErrorShare(1.0);
            }
        });
        failer.start();
        SyncListings.Scan first;
        try {
            first = ActingOperator.runAs(seller.owner().id(), () -> sync.sync(seller.amazon()));
        } finally {
            done.set(true);
            try {
                failer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestSandbox.amazon().faults().setServerErrorShare(0.0);
        }
        assertThat(first.complete()).isFalse();
        assertThat(first.pages()).isGreaterThanOrEqualTo(2);
        String cursor = as(seller.owner(), () -> jdbc.sql(
                "select cursor from esm.listing_sync where store_id = ?").param(seller.amazon()).query(String.class)
                .single());
        assertThat(cursor).isNotNull();
        long calls = TestSandbox.amazon().counters().requests("searchListingsItems");
        SyncListings.Scan second = ActingOperator.runAs(seller.owner().id(), () -> sync.sync(seller.amazon()));
        assertThat(second.complete()).isTrue();
        int total = seller.amazonSeller().listings().size();
        assertThat(first.listings() + second.listings()).as("no page read twice").isEqualTo(total);
        assertThat(TestSandbox.amazon().counters().requests("searchListingsItems") - calls)
                .isEqualTo(second.pages());
    }
}
