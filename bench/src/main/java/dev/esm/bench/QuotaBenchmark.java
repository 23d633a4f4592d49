package dev.esm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.esm.sandbox.amazon.AmazonSeller;
import dev.esm.sandbox.amazon.AmazonSimulator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;

/**
 * Marketplace quotas on, as documented (issue 3), against the packaged server:
 * <ol>
 * <li><b>Budget share during a backfill.</b> {@code stores} Amazon stores of {@code ordersPerStore} orders each
 * backfill at once (four sync threads: all of them together) while the Amazon simulator enforces searchOrders' usage
 * plan: the documented burst of 20, the documented rate of 0.0056 calls/s times {@code rateFactor} (at the documented
 * rate a backfill of a few thousand orders takes hours; what is measured is how well ESM schedules its calls within a
 * quota, which does not depend on the rate's scale). The simulator states the rate in {@code x-amzn-RateLimit-Limit}
 * and ESM learns it from there, as in production; ESM's configuration is left at the documented figures. Per store,
 * calls made = pages of its runs up to the first that succeeded, allowed = burst + rate x (that run's end - the first
 * run's start); the share is their sums' ratio. 429s are the simulator's count. Done once per quota headroom, each on
 * a fresh server and database.</li>
 * <li><b>Visibility delay</b> (on the first server only). {@code stores} Walmart stores (simulator quota at the
 * documented 5000 calls/min, burst 50) backfill, then for {@code visibilitySeconds} the benchmark adds one order to
 * one of them at random instants (1 to 3 s apart) and polls {@code GET /api/v1/orders} every 200 ms until each
 * order is listed; delay = listed - created.</li>
 * </ol>
 */
public final class QuotaBenchmark {

    /** searchOrders' usage plan (marketplaces.md §2.3.1, §2.5). */
    private static final double AMAZON_RATE = AmazonSimulator.SEARCH_ORDERS_QUOTA.ratePerSecond();
    private static final int AMAZON_BURST = AmazonSimulator.SEARCH_ORDERS_QUOTA.burst();
    /** GET /v3/orders: ~5000 calls a minute (marketplaces.md §1.5), burst 50 as ESM assumes. */
    private static final double WALMART_RATE = 5000 / 60.0;
    private static final int WALMART_BURST = 50;
    private static final Pattern ORDER_ID = Pattern.compile("\"marketplaceOrderId\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        if (!BenchServer.selected("quota")) {
            return;
        }
        Path jar = Path.of(args.length > 0 ? args[0] : "server/target/esm.jar").toAbsolutePath().normalize();
        int stores = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int perStore = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
        double rateFactor = args.length > 3 ? Double.parseDouble(args[3]) : 50;
        List<Double> headrooms = List.of(args.length > 4 ? args[4] : "0.9,1.0").stream()
                .flatMap(list -> List.of(list.split("\\s*,\\s*")).stream()).map(Double::parseDouble).toList();
        int visibilitySeconds = args.length > 5 ? Integer.parseInt(args[5]) : 120;
        double rate = AMAZON_RATE * rateFactor;

        List<String> summary = new ArrayList<>();
        for (int round = 0; round < headrooms.size(); round++) {
            double headroom = headrooms.get(round);
            Path work = Files.createTempDirectory("esm-quota-bench-");
            try (EmbeddedPostgres postgres = BenchServer.postgres(work.resolve("pg"));
                 AmazonSimulator amazon = new AmazonSimulator().start();
                 WalmartSimulator walmart = new WalmartSimulator().start()) {
                amazon.setSearchOrdersQuota(rate, AMAZON_BURST).setQuotasEnabled(true);
                walmart.setOrdersQuota(WALMART_RATE, WALMART_BURST).setQuotasEnabled(true);
                try (BenchServer server = BenchServer.start(jar, work, postgres.getPort(), List.of(
                        "-Desm.connectors.walmart.base-url=" + walmart.baseUrl(),
                        "-Desm.connectors.amazon.base-url=" + amazon.baseUrl(),
                        "-Desm.connectors.amazon.token-url=" + amazon.tokenUrl(),
                        "-Desm.connectors.amazon.client-id=" + amazon.app().clientId(),
                        "-Desm.connectors.amazon.client-secret=" + amazon.app().clientSecret(),
                        "-Desm.orders.sync.quota-headroom=" + headroom));
                     Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort()
                             + "/postgres?user=postgres")) {
                    BenchServer.Session session = server.signUp();
                    System.out.printf(Locale.ROOT, "%n== quota headroom %.2f: %d Amazon stores x %d orders, searchOrders"
                            + " quota %.3f calls/s (documented %.4f x %.0f), burst %d ==%n", headroom, stores, perStore,
                            rate, AMAZON_RATE, rateFactor, AMAZON_BURST);
                    String line = backfill(session, db, amazon, stores, perStore, rate, headroom);
                    summary.add(line);
                    if (round == 0 && visibilitySeconds > 0) {
                        System.out.printf(Locale.ROOT, "%n== visibility delay, quota headroom %.2f: %d Walmart stores,"
                                + " GET /v3/orders quota %.1f calls/s, burst %d; new orders for %d s ==%n", headroom,
                                stores, WALMART_RATE, WALMART_BURST, visibilitySeconds);
                        summary.add(visibility(session, db, walmart, stores, visibilitySeconds));
                    }
                }
            } finally {
                BenchServer.deleteTree(work);
            }
        }
        System.out.println();
        summary.forEach(System.out::println);
    }

    /** Backfills Amazon stores with the simulator's quota on; returns the summary line. */
    private static String backfill(BenchServer.Session session, Connection db, AmazonSimulator amazon, int stores,
                                   int perStore, double rate, double headroom) throws Exception {
        Map<String, AmazonSeller> byStore = new LinkedHashMap<>();
        long requestsBefore = amazon.counters().requests(AmazonSimulator.OP_SEARCH_ORDERS);
        long throttledBefore = amazon.counters().throttledTotal();
        for (int i = 0; i < stores; i++) {
            AmazonSeller seller = amazon.registerSeller().generateOrders(perStore, Duration.ofDays(14));
            byStore.put(session.createStore("{\"marketplace\":\"AMAZON\",\"name\":\"Quota bench " + i
                    + "\",\"credentials\":{\"sellingPartnerId\":\"" + seller.sellingPartnerId()
                    + "\",\"refreshToken\":\"" + seller.refreshToken() + "\"}}"), seller);
        }
        List<String> ids = new ArrayList<>(byStore.keySet());
        waitForFirstSuccess(db, ids, Duration.ofMinutes(30));
        long simulatorCalls = amazon.counters().requests(AmazonSimulator.OP_SEARCH_ORDERS) - requestsBefore;
        long throttled = amazon.counters().throttledTotal() - throttledBefore;

        long calls = 0;
        long waits = 0;
        long orders = 0;
        double allowed = 0;
        double longest = 0;
        double shortest = Double.MAX_VALUE;
        try (PreparedStatement runs = db.prepareStatement("""
                with done as (select store_id, min(finished_at) as at from esm.sync_run
                               where outcome = 'SUCCEEDED' and store_id = any(?::uuid[]) group by store_id)
                select r.store_id, extract(epoch from done.at - min(r.started_at)), sum(r.pages),
                       sum(r.rate_limit_waits), sum(r.orders_seen), count(*)
                  from esm.sync_run r join done using (store_id)
                 where r.started_at <= done.at group by r.store_id, done.at""")) {
            runs.setArray(1, db.createArrayOf("text", ids.toArray()));
            try (ResultSet row = runs.executeQuery()) {
                while (row.next()) {
                    double elapsed = row.getDouble(2);
                    long storeCalls = row.getLong(3);
                    double storeAllowed = AMAZON_BURST + rate * elapsed;
                    System.out.printf(Locale.ROOT, "store %s: %d calls of %.1f allowed in %.1f s (%d runs, %d orders,"
                                    + " %d waits for the quota) = %.1f %%%n", row.getString(1), storeCalls, storeAllowed,
                            elapsed, row.getLong(6), row.getLong(5), row.getLong(4), 100.0 * storeCalls / storeAllowed);
                    calls += storeCalls;
                    allowed += storeAllowed;
                    waits += row.getLong(4);
                    orders += row.getLong(5);
                    longest = Math.max(longest, elapsed);
                    shortest = Math.min(shortest, elapsed);
                }
            }
        }
        if (orders < (long) stores * perStore) {
            throw new IllegalStateException("The backfills saw " + orders + " orders, fewer than the "
                    + (long) stores * perStore + " in the simulator");
        }
        return String.format(Locale.ROOT, "budget share during the backfill, headroom %.2f: %d calls of %.1f allowed"
                        + " = %.1f %% (goal >= 90 %%); 429s from the simulator: %d (goal 0); %d stores x %d orders in"
                        + " %.0f-%.0f s; ESM waited for its quota %d times; the simulator counted %d searchOrders calls"
                        + " until the last backfill ended", headroom, calls, allowed, 100.0 * calls / allowed,
                throttled, stores, perStore, shortest, longest, waits, simulatorCalls);
    }

    /** Backfills Walmart stores, then adds orders at random instants and waits for each in the order list. */
    private static String visibility(BenchServer.Session session, Connection db, WalmartSimulator walmart, int stores,
                                     int seconds) throws Exception {
        List<WalmartSeller> sellers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < stores; i++) {
            WalmartSeller seller = walmart.registerSeller("quota-bench-" + i, "quota-bench-secret-" + i)
                    .generateOrders(200, Duration.ofDays(14));
            sellers.add(seller);
            ids.add(session.createStore("{\"marketplace\":\"WALMART\",\"name\":\"Visibility bench " + i
                    + "\",\"credentials\":{\"clientId\":\"" + seller.clientId() + "\",\"clientSecret\":\""
                    + seller.clientSecret() + "\"}}"));
        }
        waitForFirstSuccess(db, ids, Duration.ofMinutes(10));
        long requestsBefore = walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS);
        long throttledBefore = walmart.counters().throttledTotal();

        Random random = new Random(42);
        Map<String, Long> created = new LinkedHashMap<>();
        Map<String, Long> seen = new LinkedHashMap<>();
        long start = System.currentTimeMillis();
        long end = start + seconds * 1000L;
        long next = start + 1000 + random.nextInt(2000);
        int store = 0;
        while (System.currentTimeMillis() < end || (seen.size() < created.size()
                && System.currentTimeMillis() < end + 60_000)) {
            long now = System.currentTimeMillis();
            if (now >= next && now < end) {
                String id = sellers.get(store++ % stores).addOrders(1).get(0);
                created.put(id, System.currentTimeMillis());
                next = now + 1000 + random.nextInt(2000);
            }
            String page = session.get("/api/v1/orders?marketplace=WALMART&limit=100");
            long listedAt = System.currentTimeMillis();
            Matcher listed = ORDER_ID.matcher(page);
            while (listed.find()) {
                if (created.containsKey(listed.group(1))) {
                    seen.putIfAbsent(listed.group(1), listedAt);
                }
            }
            Thread.sleep(200);
        }
        long calls = walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS) - requestsBefore;
        long throttled = walmart.counters().throttledTotal() - throttledBefore;
        double phase = (System.currentTimeMillis() - start) / 1000.0;

        List<Long> delays = seen.entrySet().stream().map(e -> e.getValue() - created.get(e.getKey())).sorted()
                .toList();
        TreeSet<Long> intervals = new TreeSet<>();
        try (PreparedStatement poll = db.prepareStatement(
                "select poll_interval_ms from esm.order_sync where store_id = any(?::uuid[])")) {
            poll.setArray(1, db.createArrayOf("text", ids.toArray()));
            try (ResultSet row = poll.executeQuery()) {
                while (row.next()) {
                    intervals.add(row.getLong(1));
                }
            }
        }
        if (delays.isEmpty()) {
            throw new IllegalStateException("None of the " + created.size() + " new orders became visible");
        }
        return String.format(Locale.ROOT, "visibility delay (simulator -> GET /api/v1/orders), %d new orders in %d"
                        + " Walmart stores: p50 %.1f s, p95 %.1f s, max %.1f s; not listed after 60 s: %d; the stores'"
                        + " poll interval: %s s; GET /v3/orders calls %.1f/s per store (quota %.1f/s); 429s: %d",
                created.size(), stores, percentile(delays, 50) / 1000.0, percentile(delays, 95) / 1000.0,
                delays.get(delays.size() - 1) / 1000.0, created.size() - seen.size(),
                intervals.stream().map(ms -> String.format(Locale.ROOT, "%.1f", ms / 1000.0)).toList(),
                calls / phase / stores, WALMART_RATE, throttled);
    }

    /** Waits until each store has a run that succeeded. */
    private static void waitForFirstSuccess(Connection db, List<String> stores, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (PreparedStatement done = db.prepareStatement("""
                select count(distinct store_id) from esm.sync_run
                 where outcome = 'SUCCEEDED' and store_id = any(?::uuid[])""")) {
            done.setArray(1, db.createArrayOf("text", stores.toArray()));
            while (true) {
                try (ResultSet row = done.executeQuery()) {
                    row.next();
                    if (row.getInt(1) == stores.size()) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Not every store synced within " + timeout);
                }
                Thread.sleep(250);
            }
        }
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(List<Long> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
