package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.sandbox.walmart.WalmartOrder;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;
import dev.esm.orders.internal.SyncOrders;

/** Order sync from the Walmart simulator into the real database, through the real connector. */
@ExtendWith(OutputCaptureExtension.class)
class OrderSyncIntegrationTests extends IntegrationTest {

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    OrderQueries queries;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    private final WalmartSimulator walmart = TestSandbox.walmart();

    @Test
    void syncBringsEveryOrderOnceAndARepeatChangesNothing() {
        Seller seller = seller(120);
        SyncRun first = sync(seller);
        assertThat(first.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(first.ordersChanged()).isEqualTo(120);
        assertThat(storedIds(seller)).containsExactlyInAnyOrderElementsOf(seller.walmart().purchaseOrderIds());

        SyncRun again = sync(seller);
        assertThat(again.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(again.ordersChanged()).isZero();
        assertThat(storedIds(seller)).hasSize(120);
    }

    @Test
    void aWindowWithoutOrdersIsAnEmptyPageAndTheCursorMovesPastIt() {
        // Walmart answers a window without orders with HTTP 404 CONTENT_NOT_FOUND.GMP_ORDER_API (the simulator too)
        Seller seller = seller(0);
        Instant before = Instant.now();
        SyncRun quiet = sync(seller);
        assertThat(quiet.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(quiet.error()).isNull();
        assertThat(quiet.pages()).isGreaterThan(1);
        String cursor = ActingOperator.runAs(seller.owner().id(), () -> transactions.execute(status -> jdbc
                .sql("select cursor from esm.order_sync where store_id = ?").param(seller.store())
                .query(String.class).single()));
        assertThat(Instant.parse(cursor.split("\\|")[1])).isAfterOrEqualTo(before.minus(Duration.ofMinutes(1)));

        seller.walmart().tick(3, 0);
        SyncRun next = sync(seller);
        assertThat(next.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(storedIds(seller)).containsExactlyInAnyOrderElementsOf(seller.walmart().purchaseOrderIds())
                .hasSize(3);
    }

    @Test
    void changesAtTheMarketplaceArriveWithTheNextSync() {
        Seller seller = seller(60);
        sync(seller);
        WalmartSeller.TickResult tick = seller.walmart().tick(4, 5);
        SyncRun next = sync(seller);
        assertThat(next.ordersChanged()).isGreaterThanOrEqualTo(4);
        assertThat(storedIds(seller)).hasSize(64);
        for (String changed : tick.changed()) {
            WalmartOrder order = seller.walmart().order(changed).orElseThrow();
            var stored = ActingOperator.runAs(seller.owner().id(), () -> queries.list(new OrderFilter(seller.store(),
                    null, null, null, null, false, false, changed, 5, null)));
            Set<String> lineWords = new HashSet<>();
            order.lines().forEach(line -> line.statuses().forEach(s -> lineWords.add(s.status().wire())));
            // one of Walmart's own words for the order, never a list of them
            assertThat(stored.items()).singleElement().satisfies(summary -> assertThat(summary.marketplaceStatus())
                    .isIn(lineWords));
        }
    }

    @Test
    void aBrokenPageStoresNothingAndTheNextSyncCompletes() {
        Seller seller = seller(40);
        walmart.faults().setMalformedShare(1.0);
        SyncRun broken;
        try {
            broken = sync(seller);
        } finally {
            walmart.faults().setMalformedShare(0.0);
        }
        assertThat(broken.outcome()).isEqualTo(SyncRun.Outcome.FAILED);
        assertThat(broken.error()).contains("unreadable");
        assertThat(storedIds(seller)).isEmpty();
        assertThat(sync(seller).outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(storedIds(seller)).hasSize(40);
    }

    @Test
    void withOneRequestInFiveFailingTheSyncStillCompletesCompleteAndCorrect() {
        Seller seller = seller(1500);
        walmart.faults().reseed(11).setServerErrorShare(0.1).setThrottleShare(0.05).setMalformedShare(0.05);
        SyncRun run;
        try {
            run = sync(seller);
        } finally {
            walmart.faults().reset();
        }
        assertThat(run.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(run.retries() + run.rateLimitWaits()).isPositive();
        assertThat(storedIds(seller)).containsExactlyInAnyOrderElementsOf(seller.walmart().purchaseOrderIds());
    }

    @Test
    void refusedCredentialsMarkTheStoreForReconnection() {
        TestOperator owner = operators.create("Expired Seller");
        WalmartSeller walmartSeller = TestSandbox.walmartSeller();
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Expired",
                new StoreCredentials.Walmart(walmartSeller.clientId(), walmartSeller.clientSecret()), "test").id());
        // the seller makes a new client secret in Seller Center after connecting: the saved one is refused now
        walmartSeller.resetClientSecret("reset-" + UUID.randomUUID());
        SyncRun run = ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store).recorded().orElseThrow());
        assertThat(run.outcome()).isEqualTo(SyncRun.Outcome.NEEDS_RECONNECT);
        WebClient web = browser();
        web.signIn(owner.email(), owner.password());
        assertThat(web.get("/stores/" + store + "/sync").body()).contains("Reconnect the store");
    }

    @Test
    void noBuyerDataOrTokenInLogsOrInADatabaseDump(CapturedOutput output) throws Exception {
        Seller seller = seller(80);
        sync(seller);
        Set<String> secrets = new HashSet<>();
        for (String id : seller.walmart().purchaseOrderIds()) {
            WalmartOrder order = seller.walmart().order(id).orElseThrow();
            secrets.add(order.shippingInfo().postalAddress().name());
            secrets.add(order.shippingInfo().postalAddress().address1());
            secrets.add(order.shippingInfo().phone());
        }
        secrets.add(seller.walmart().clientSecret());
        String logs = output.getAll();
        String dump = DatabaseAccess.rowDump(context);
        assertThat(dump).contains(seller.walmart().purchaseOrderIds().get(0));
        for (String secret : secrets) {
            assertThat(logs).doesNotContain(secret);
            assertThat(dump).doesNotContain(secret);
        }
    }

    @Test
    void buyerIsFoundByNameMaskedUntilRevealedAndEachRevealIsAudited() {
        Seller seller = seller(30);
        sync(seller);
        WalmartOrder order = seller.walmart().order(seller.walmart().purchaseOrderIds().get(3)).orElseThrow();
        String name = order.shippingInfo().postalAddress().name();
        String phone = order.shippingInfo().phone();
        WebClient web = browser();
        web.signIn(seller.owner().email(), seller.owner().password());

        String found = web.api("GET", "/api/v1/orders?q=" + name.replace(" ", "%20"), null).body();
        assertThat(found).contains(order.purchaseOrderId()).doesNotContain(name);
        // several buyers may share a name: take the id of this order's row
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("\"id\":\"([0-9a-f-]{36})\"[^}]*\"marketplaceOrderId\":\""
                + order.purchaseOrderId() + "\"").matcher(found);
        assertThat(row.find()).isTrue();
        String id = row.group(1);
        assertThat(web.api("GET", "/api/v1/orders/" + id, null).body()).doesNotContain(name)
                .doesNotContain(phone);
        String revealed = web.api("POST", "/api/v1/orders/" + id + "/buyer", null).body();
        assertThat(revealed).contains(name).contains(phone);

        TestOperator stranger = operators.create("Order Stranger");
        WebClient other = browser();
        other.signIn(stranger.email(), stranger.password());
        assertThat(other.api("GET", "/api/v1/orders/" + id, null).status()).isEqualTo(404);
        assertThat(other.api("POST", "/api/v1/orders/" + id + "/buyer", null).status()).isEqualTo(404);
        assertThat(other.api("GET", "/api/v1/orders?q=" + order.purchaseOrderId(), null).body()).contains("\"items\":[]");
        assertThat(other.get("/orders/" + id).status()).isEqualTo(404);
    }

    @Test
    void orderListPagesByKeysetWithoutGapsOrRepeats() {
        Seller seller = seller(75);
        sync(seller);
        Set<String> seen = new HashSet<>();
        String after = null;
        int pages = 0;
        do {
            String cursor = after;
            var page = ActingOperator.runAs(seller.owner().id(), () -> queries.list(new OrderFilter(seller.store(),
                    null, null, null, null, false, false, null, 20, cursor)));
            page.items().forEach(item -> assertThat(seen.add(item.marketplaceOrderId())).isTrue());
            after = page.next();
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(75);
    }

    private record Seller(TestOperator owner, UUID store, WalmartSeller walmart) {
    }

    private Seller seller(int orders) {
        TestOperator owner = operators.create("Walmart Seller");
        String clientId = "sync-" + UUID.randomUUID();
        WalmartSeller walmartSeller = walmart.registerSeller(clientId, "secret-" + UUID.randomUUID());
        walmartSeller.generateOrders(orders, Duration.ofDays(10));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Synced " + orders,
                new StoreCredentials.Walmart(clientId, walmartSeller.clientSecret()), "test").id());
        return new Seller(owner, store, walmartSeller);
    }

    private SyncRun sync(Seller seller) {
        return ActingOperator.runAs(seller.owner().id(), () -> syncOrders.sync(seller.store()).recorded().orElseThrow());
    }

    private List<String> storedIds(Seller seller) {
        return TestOrders.marketplaceIds(queries, seller.owner().id(), seller.store());
    }
}
