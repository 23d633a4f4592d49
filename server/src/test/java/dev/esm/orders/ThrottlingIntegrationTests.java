package dev.esm.orders;

import dev.esm.platform.quota.QuotaBuckets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.TestClock;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.marketplace.OrderPage;
import dev.esm.marketplace.Marketplaces;
import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.platform.quota.Meter;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.sandbox.amazon.AmazonSeller;
import dev.esm.sandbox.amazon.AmazonSimulator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;
import dev.esm.orders.internal.SyncOrders;

/**
 * Shared marketplace quotas, the circuit breaker and quota-paced polls, seen where they matter: requests and 429s
 * counted at the simulators, and the store's sync health. Quotas are small so that the tests wait seconds, not hours.
 */
class ThrottlingIntegrationTests extends IntegrationTest {

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    SyncHistory history;
    @Autowired
    QuotaBuckets quotas;
    @Autowired
    SyncProperties properties;
    @Autowired
    Stores stores;
    @Autowired
    OrderQueries queries;
    @Autowired
    Marketplaces marketplaces;
    @Autowired
    ApplicationContext context;
    @Autowired
    TestClock clock;

    private final WalmartSimulator walmart = TestSandbox.walmart();
    private final AmazonSimulator amazon = TestSandbox.amazon();

    @AfterEach
    void simulatorsBackToTheirDefaults() {
        clock.reset();
        walmart.faults().reset();
        walmart.setQuotasEnabled(false).setOrdersQuota(WalmartSimulator.DEFAULT_READ_QUOTA.ratePerSecond(),
                WalmartSimulator.DEFAULT_READ_QUOTA.burst());
        amazon.setQuotasEnabled(false).setSearchOrdersQuota(AmazonSimulator.SEARCH_ORDERS_QUOTA.ratePerSecond(),
                AmazonSimulator.SEARCH_ORDERS_QUOTA.burst());
    }

    @Test
    void aBackfillWithTheMarketplaceQuotaOnCompletesWithoutA429() {
        // the marketplace allows 5 calls a second, 4 at once; ESM's bucket for the store says the same
        walmart.setOrdersQuota(5, 4).setQuotasEnabled(true);
        WalmartStore store = walmartStore(300);
        // Walmart meters by seller account: the bucket is the seller's, found from the store in its owner's context
        ActingOperator.runAs(store.owner().id(), () -> quotas.replace(store.id(),
                new CallLimit("walmart-orders", 5, 4, Meter.SELLER_ACCOUNT)));
        long requestsBefore = walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS);
        long throttledBefore = walmart.counters().throttled(WalmartSimulator.OP_LIST_ORDERS);

        SyncRun run = sync(store.owner(), store.id());

        long requests = walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS) - requestsBefore;
        assertThat(run.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(TestOrders.marketplaceIds(queries, store.owner().id(), store.id()))
                .containsExactlyInAnyOrderElementsOf(store.walmart().purchaseOrderIds());
        assertThat(requests).as("a backfill of 30 days in day-long windows").isGreaterThanOrEqualTo(30);
        assertThat(walmart.counters().throttled(WalmartSimulator.OP_LIST_ORDERS) - throttledBefore)
                .as("429s sent by the simulator").isZero();
        assertThat(run.rateLimitWaits()).as("ESM waited for its own quota instead").isPositive();
    }

    @Test
    void aSyncPausedAfterEmptyPagesKeepsItsPlaceAndDoesNotAskForThemAgain() {
        // how many calls the first sync of a store without orders takes (30 days in day-long windows, all empty)
        WalmartStore fresh = walmartStore(0);
        long freshBefore = walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS);
        assertThat(sync(fresh.owner(), fresh.id()).outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        long wholeBackfill = walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS) - freshBefore;

        // another such store whose quota allows a few calls, then one in 1,000 s: its sync pauses after a few empty
        // pages, none of which had anything to write
        WalmartStore store = walmartStore(0);
        ActingOperator.runAs(store.owner().id(), () -> quotas.replace(store.id(),
                new CallLimit("walmart-orders", 0.001, 4, Meter.SELLER_ACCOUNT)));
        SyncRun paused = sync(store.owner(), store.id());
        assertThat(paused.outcome()).isEqualTo(SyncRun.Outcome.PAUSED);
        assertThat(paused.pages()).isBetween(1, SyncOrders.MAX_DEFERRED_EMPTY_PAGES - 1);

        // the quota back: the next sync goes on after those windows instead of asking for them again
        ActingOperator.runAs(store.owner().id(), () -> quotas.replace(store.id(),
                new CallLimit("walmart-orders", 100, 100, Meter.SELLER_ACCOUNT)));
        long before = walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS);
        SyncRun rest = sync(store.owner(), store.id());
        assertThat(rest.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS) - before)
                .isEqualTo(wholeBackfill - paused.pages());
    }

    @Test
    void twoNodesTakingFromOneStoresQuotaTogetherStayWithinIt() throws Exception {
        walmart.setOrdersQuota(4, 4).setQuotasEnabled(true);
        WalmartStore store = walmartStore(50);
        QuotaBuckets nodeA = quotas;
        QuotaBuckets nodeB = QuotaBuckets.on(DatabaseAccess.runtimeRoleDataSource(context), properties.quotaPolicy(),
                List.of(marketplaces));
        ActingOperator.runAs(store.owner().id(), () -> nodeA.replace(store.id(),
                new CallLimit("walmart-orders", 4, 4, Meter.SELLER_ACCOUNT)));
        QuotaBuckets.StorePermits permitsA = ActingOperator.runAs(store.owner().id(), () -> nodeA.permits(store.id()));
        QuotaBuckets.StorePermits permitsB = ActingOperator.runAs(store.owner().id(), () -> nodeB.permits(store.id()));
        OrderConnector<StoreCredentials.Walmart> source = walmartOrders();
        StoreCredentials.Walmart credentials = new StoreCredentials.Walmart(store.walmart().clientId(),
                store.walmart().clientSecret());
        source.fetch(credentials, null, Instant.now(), CallPermits.UNLIMITED); // the access token, outside the count
        walmart.rateLimiter().reset();
        long requestsBefore = walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS);
        long throttledBefore = walmart.counters().throttled(WalmartSimulator.OP_LIST_ORDERS);
        Duration run = Duration.ofSeconds(3);

        ExecutorService nodes = Executors.newFixedThreadPool(2);
        long started = System.nanoTime();
        try {
            Future<Integer> a = nodes.submit(() -> poll(source, credentials, permitsA, started, run));
            Future<Integer> b = nodes.submit(() -> poll(source, credentials, permitsB, started, run));
            int callsA = a.get();
            int callsB = b.get();
            double seconds = (System.nanoTime() - started) / 1e9;
            long requests = walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS) - requestsBefore;

            assertThat(callsA).as("node A's calls").isPositive();
            assertThat(callsB).as("node B's calls").isPositive();
            assertThat(requests).isEqualTo(callsA + callsB);
            // each node alone would send up to 4 a second; together they stay within 4 at once and 4 a second
            assertThat((double) requests).isLessThanOrEqualTo(4 + 4 * seconds);
            assertThat(walmart.counters().throttled(WalmartSimulator.OP_LIST_ORDERS) - throttledBefore)
                    .as("429s sent by the simulator").isZero();
        } finally {
            nodes.shutdownNow();
        }
    }

    @Test
    void theStoresBucketFollowsTheRateAmazonStatesAndItsPollsFollowTheBucket() {
        TestOperator owner = operators.create("Amazon Quota Seller");
        AmazonSeller seller = amazon.registerSeller().generateOrders(30, Duration.ofDays(5));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.AMAZON, "Amazon quota",
                new StoreCredentials.Amazon(seller.sellingPartnerId(), seller.refreshToken()), "test").id());
        CallLimit searchOrders = marketplaces.adapter(Marketplace.AMAZON).orElseThrow().orders().orderCalls();
        double headroom = properties.quotaHeadroom();
        assertThat(ActingOperator.runAs(owner.id(), () -> quotas.effective(store, searchOrders)).ratePerSecond())
                .as("the documented usage plan, with headroom").isCloseTo(0.0056 * headroom, within(1e-9));

        // Amazon grants this seller 2 searchOrders a second and says so in x-amzn-RateLimit-Limit
        amazon.setSearchOrdersQuota(2, 20).setQuotasEnabled(true);
        assertThat(sync(owner, store).outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(ActingOperator.runAs(owner.id(), () -> quotas.effective(store, searchOrders)).ratePerSecond()).isCloseTo(2 * headroom, within(1e-6));
        SyncHistory.SyncState fast = state(owner, store);
        assertThat(fast.pollInterval()).as("the quota allows polls at the floor").isEqualTo(properties.minInterval());

        // later Amazon lowers it to one call in ten seconds: the bucket follows, and so does the poll interval
        amazon.setSearchOrdersQuota(0.1, 20);
        assertThat(sync(owner, store).outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(ActingOperator.runAs(owner.id(), () -> quotas.effective(store, searchOrders)).ratePerSecond()).isCloseTo(0.1 * headroom, within(1e-6));
        SyncHistory.SyncState slow = state(owner, store);
        Duration expected = Duration.ofMillis((long) (1000 / (0.1 * headroom) * 1.25));
        assertThat(slow.pollInterval()).isBetween(expected.minusMillis(5), expected.plusMillis(5));
        assertThat(slow.nextSyncAt()).isBetween(Instant.now().plus(expected).minusSeconds(3),
                Instant.now().plus(expected).plusSeconds(1));

        WebClient web = browser();
        web.signIn(owner.email(), owner.password());
        assertThat(web.get("/stores/" + store + "/sync").body())
                .contains("every " + (expected.toMillis() + 999) / 1000 + " s, as often as Amazon&#39;s order quota allows");
    }

    @Test
    void aQuotaWaitIsSaidInPlainWordsWithTheTimeTheSyncContinues() throws Exception {
        TestOperator owner = operators.create("Amazon Waiting Seller");
        AmazonSeller seller = amazon.registerSeller().generateOrders(5, Duration.ofDays(2));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.AMAZON, "Amazon waits",
                new StoreCredentials.Amazon(seller.sellingPartnerId(), seller.refreshToken()), "test").id());
        CallLimit searchOrders = marketplaces.adapter(Marketplace.AMAZON).orElseThrow().orders().orderCalls();
        // other syncs of this seller account used its whole burst: the next call is minutes away (0.0056/s)
        ActingOperator.runAs(owner.id(), () -> {
            var permits = quotas.permits(store);
            while (quotas.available(permits.meters(), searchOrders) > 0) {
                try {
                    permits.take(searchOrders);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        });
        SyncRun paused = sync(owner, store);
        assertThat(paused.outcome()).isEqualTo(SyncRun.Outcome.PAUSED);
        assertThat(paused.error()).isEqualTo("Waiting for Amazon's order quota");
        assertThat(paused.resumesAt()).isAfter(Instant.now().plusSeconds(60));

        WebClient web = browser();
        web.signIn(owner.email(), owner.password());
        String page = web.get("/stores/" + store + "/sync").body();
        String row = page.substring(page.indexOf("data-run=\"" + paused.id() + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        String time = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(java.time.ZoneOffset.UTC)
                .format(paused.resumesAt());
        assertThat(row).contains("Waiting for Amazon&#39;s order quota until ").contains(time)
                .doesNotContain(searchOrders.operation()).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
    }

    @Test
    void aStoreWhoseMarketplaceKeepsFailingIsLeftAloneForTheCoolDownThenSyncsAgain() throws Exception {
        WalmartStore store = walmartStore(20);
        WebClient web = browser();
        web.signIn(store.owner().email(), store.owner().password());
        walmart.faults().setServerErrorShare(1.0);
        for (int failed = 1; failed <= properties.breakerFailures(); failed++) {
            SyncRun run = sync(store.owner(), store.id());
            assertThat(run.outcome()).isEqualTo(SyncRun.Outcome.FAILED);
            assertThat(run.retries()).isPositive();
        }
        SyncHistory.SyncState open = state(store.owner(), store.id());
        assertThat(open.problem()).isEqualTo("CIRCUIT_OPEN");
        assertThat(open.breakerOpen()).isTrue();
        assertThat(open.nextSyncAt()).isAfterOrEqualTo(open.breakerOpenUntil());
        assertThat(web.get("/stores/" + store.id() + "/sync").body()).contains("id=\"circuit-open\"")
                .contains("failed <span>" + properties.breakerFailures() + "</span> syncs in a row");

        long requestsBefore = walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS);
        SyncRun whileOpen = sync(store.owner(), store.id());
        assertThat(whileOpen.outcome()).isEqualTo(SyncRun.Outcome.PAUSED);
        assertThat(whileOpen.error()).contains("circuit breaker");
        assertThat(walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS) - requestsBefore)
                .as("calls to the marketplace while the breaker is open").isZero();

        walmart.faults().reset();
        // the cool-down passes on the application's clock, not by sleeping; a second short of it the breaker holds
        clock.advance(Duration.between(clock.instant(), open.breakerOpenUntil()).minusSeconds(1));
        assertThat(sync(store.owner(), store.id()).outcome()).as("a second before the cool-down ends")
                .isEqualTo(SyncRun.Outcome.PAUSED);
        clock.advance(Duration.ofSeconds(1).plusMillis(1));
        assertThat(sync(store.owner(), store.id()).outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        SyncHistory.SyncState closed = state(store.owner(), store.id());
        assertThat(closed.problem()).isNull();
        assertThat(closed.breakerOpenUntil()).isNull();
        assertThat(closed.consecutiveFailures()).isZero();
        assertThat(web.get("/stores/" + store.id() + "/sync").body()).doesNotContain("id=\"circuit-open\"");
        assertThat(TestOrders.marketplaceIds(queries, store.owner().id(), store.id())).hasSize(20);
    }

    /** Fetches page after page (starting over after the last) until the time is up; returns the calls made. */
    private static <C extends StoreCredentials> int poll(OrderConnector<C> source, C credentials, CallPermits permits, long started,
                            Duration run) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String cursor = null;
        while (System.nanoTime() - started < run.toNanos()) {
            OrderPage page = source.fetch(credentials, cursor, Instant.now(), permits);
            calls.incrementAndGet();
            cursor = page.windowComplete() ? null : page.nextCursor();
        }
        return calls.get();
    }

    private record WalmartStore(TestOperator owner, UUID id, WalmartSeller walmart) {
    }

    private WalmartStore walmartStore(int orders) {
        TestOperator owner = operators.create("Quota Seller");
        String clientId = "quota-" + UUID.randomUUID();
        WalmartSeller seller = walmart.registerSeller(clientId, "secret-" + UUID.randomUUID());
        seller.generateOrders(orders, Duration.ofDays(10));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Quota " + orders,
                new StoreCredentials.Walmart(clientId, seller.clientSecret()), "test").id());
        return new WalmartStore(owner, store, seller);
    }

    @SuppressWarnings("unchecked") // the Walmart adapter's connectors take Walmart's credentials record
    private OrderConnector<StoreCredentials.Walmart> walmartOrders() {
        return (OrderConnector<StoreCredentials.Walmart>) marketplaces.adapter(Marketplace.WALMART).orElseThrow().orders();
    }

    private SyncRun sync(TestOperator owner, UUID store) {
        return ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store).recorded().orElseThrow());
    }

    private SyncHistory.SyncState state(TestOperator owner, UUID store) {
        return ActingOperator.runAs(owner.id(), () -> history.state(store).orElseThrow());
    }

    private static org.assertj.core.data.Offset<Double> within(double offset) {
        return org.assertj.core.data.Offset.offset(offset);
    }
}
