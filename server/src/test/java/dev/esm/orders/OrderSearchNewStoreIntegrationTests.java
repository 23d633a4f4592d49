package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.WebClient.Response;
import dev.esm.orders.internal.BuyerNames;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.orders.internal.SyncOrders;

/**
 * Searching orders by buyer name reads each store's blind-index key; a store that never synced has none yet. The
 * search is a read-only transaction, so it must not be the one to create that key: it answers, and the new store
 * simply matches nothing.
 */
class OrderSearchNewStoreIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    SyncOrders sync;
    @Autowired
    OrderQueries orders;

    @Test
    void searchByBuyerNameRightAfterAddingStoresThatNeverSyncedAnswers() throws Exception {
        TestOperator owner = operators.create("Fresh Store Owner");
        WebClient web = browser();
        web.signIn(owner.email(), owner.password());
        String clientId = "search-" + UUID.randomUUID();
        WalmartSeller seller = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        seller.generateOrders(3, Duration.ofDays(3));
        // a store with credentials (its data key exists, no index key yet) and one without any key at all
        Response walmart = web.api("POST", "/api/v1/stores", "{\"marketplace\":\"WALMART\",\"name\":\"Fresh Walmart\","
                + "\"credentials\":{\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + seller.clientSecret() + "\"}}");
        assertThat(walmart.status()).isEqualTo(201);
        Response ebay = web.api("POST", "/api/v1/stores", "{\"marketplace\":\"EBAY\",\"name\":\"Fresh eBay\"}");
        assertThat(ebay.status()).isEqualTo(201);
        // and a store written before stores got their keys when added: no data key, no index key
        UUID older = UUID.randomUUID();
        try (Connection db = DatabaseAccess.superuser(context);
             PreparedStatement insert = db.prepareStatement(
                     "insert into esm.store (id, owner_id, marketplace, name) values (?, ?, 'AMAZON', 'Older Amazon')")) {
            insert.setObject(1, older);
            insert.setObject(2, owner.id());
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }

        assertSearchAnswersEmpty(web, "Smith");
        assertSearchAnswersEmpty(web, "Maria Garcia");
        Response olderOnly = web.get("/api/v1/orders?store=" + older + "&q=Smith");
        assertThat(olderOnly.status()).isEqualTo(200);
        assertThat(olderOnly.body()).contains("\"items\":[]");

        // once synced, the same search finds the store's buyers by name
        UUID store = UUID.fromString(walmart.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
        ActingOperator.runAs(owner.id(), () -> sync.sync(store));
        var first = ActingOperator.runAs(owner.id(), () -> orders.list(new OrderFilter(store, null, null, null, null,
                false, false, null, OrderFilter.MAX_LIMIT, null))).items().get(0);
        String name = ActingOperator.runAs(owner.id(), () -> orders.revealBuyer(first.id(), "test")).name();
        String word = BuyerNames.words(name).iterator().next();
        Response found = web.get("/api/v1/orders?q=" + java.net.URLEncoder.encode(word,
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body()).contains(first.id().toString());
    }

    private static void assertSearchAnswersEmpty(WebClient web, String name) {
        String q = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
        Response api = web.get("/api/v1/orders?q=" + q);
        assertThat(api.status()).as("API search for a buyer name").isEqualTo(200);
        assertThat(api.body()).contains("\"items\":[]");
        Response page = web.get("/orders?q=" + q);
        assertThat(page.status()).as("orders page search for a buyer name").isEqualTo(200);
        assertThat(page.body()).contains("Fresh Walmart");
    }
}
