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
 * Marketplace quotas on, as documented, against the packaged server on two nodes (issue 10):
 * <ol>
 * <li><b>Budget share during a backfill.</b> {@code stores} Amazon stores of {@code ordersPerStore} orders each
 * backfill at once on two server processes sharing one database (each node with the shipped defaults: four sync
 * threads, the shipped quota headroom), so there are many more stores than sync threads. The Amazon simulator enforces
 * searchOrders' documented usage plan (0.0056 calls/s, burst 20) on a clock that runs {@code clockSpeed} times faster
 * than real time, and states in {@code x-amzn-RateLimit-Limit} the rate a client with a real clock sees (0.0056 x
 * clockSpeed); ESM learns it from there, as in production, and is told nothing. With clockSpeed small enough, each
 * wait for a token stays longer than ESM's {@code max-rate-wait}, so a store's sync pauses and is rescheduled for
 * when its bucket allows the next call: the path ESM takes at Amazon's documented rate. Per store, calls made = pages
 * of its runs up to the first that succeeded; calls allowed = burst + observed rate x (that run's end - the first
 * run's start); the share is their sums' ratio over all stores. 429s are the simulator's count (both nodes).</li>
 * <li><b>Visibility delay</b> (optional, {@code visibilitySeconds} > 0, on the first node). {@code stores} Walmart
 * stores (simulator quota at the documented 5000 calls/min, burst 50) backfill, then for {@code visibilitySeconds}
 * the benchmark adds one order to one of them at random instants (1 to 3 s apart) and polls
 * {@code GET /api/v1/orders} every 200 ms until each order is listed; delay = listed - created.</li>
 * </ol>
 */
public final class QuotaBenchmark {

    /** searchOrders' usage plan (marketplaces.md §2.3.1, §2.5). */
    private static final double AMAZON_RATE = AmazonSimulator.SEARCH_ORDERS_QUOTA.ratePerSecond();
    private static final int AMAZON_BURST = AmazonSimulator.SEARCH_ORDERS_QUOTA.burst();
    /** GET /v3/orders: ~5000 calls a minute (marketplaces.md §1.5), burst 50 as ESM assumes. */
    private static final double WALMART_RATE = 5000 / 60.0;
    private static final int WALMART_BURST = 50;
    /** ESM's shipped {@code esm.orders.sync.max-rate-wait}: a longer wait pauses the sync until its next run. */
    private static final double MAX_RATE_WAIT_SECONDS = 60;
    private static final Pattern ORDER_ID = Pattern.compile("\"marketplaceOrderId\":\"([^\"]+)\"");

    /** One run's figures. */
    private record Result(long calls, double allowed, long throttled, double worstBackfill, long paused,
                          String line) {
        double share() {
            return calls / allowed;
        }
    }

    public static void main(String[] args) throws Exception {
        if (!BenchServer.selected("quota")) {
            return;
        }
        Path jar = Path.of(args.length > 0 ? args[0] : "server/target/esm.jar").toAbsolutePath().normalize();
        int stores = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int perStore = args.length > 2 ? Integer.parseInt(args[2]) : 2_600;
        double clockSpeed = args.length > 3 ? Double.parseDouble(args[3]) : 3;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int visibilitySeconds = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        int nodes = args.length > 6 ? Integer.parseInt(args[6]) : 2;
        double rate = AMAZON_RATE * clockSpeed;
        // the wait for one token at the stated rate (ESM learns it from x-amzn-RateLimit-Limit and uses it all)
        double tokenWait = 1 / rate;
        System.out.printf(Locale.ROOT, "searchOrders at the documented %.4f calls/s, burst %d, on a simulator clock x%s:"
                + " %.4f calls/s in real time, one call every %.1f s; ESM's max-rate-wait %.0f s: %s%n",
                AMAZON_RATE, AMAZON_BURST, clockSpeed, rate, tokenWait, MAX_RATE_WAIT_SECONDS,
                tokenWait > MAX_RATE_WAIT_SECONDS ? "each wait for the quota pauses the sync and reschedules it"
                        : "a run sleeps for one token, then pauses and is rescheduled for the next");

        List<Result> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Path work = Files.createTempDirectory("esm-quota-bench-");
            try (EmbeddedPostgres postgres = BenchServer.postgres(work.resolve("pg"));
                 AmazonSimulator amazon = new AmazonSimulator().start();
                 WalmartSimulator walmart = new WalmartSimulator().start()) {
                amazon.setQuotaClockSpeed(clockSpeed).setQuotasEnabled(true);
                walmart.setOrdersQuota(WALMART_RATE, WALMART_BURST).setQuotasEnabled(true);
                List<String> properties = List.of(
                        "-Desm.connectors.walmart.base-url=" + walmart.baseUrl(),
                        "-Desm.connectors.amazon.base-url=" + amazon.baseUrl(),
                        "-Desm.connectors.amazon.token-url=" + amazon.tokenUrl(),
                        "-Desm.connectors.amazon.client-id=" + amazon.app().clientId(),
                        "-Desm.connectors.amazon.client-secret=" + amazon.app().clientSecret());
                byte[] key = BenchServer.masterKey();
                List<BenchServer> servers = new ArrayList<>();
                try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort()
                        + "/postgres?user=postgres")) {
                    for (int node = 1; node <= nodes; node++) {
                        servers.add(BenchServer.start(jar, work, postgres.getPort(), properties, key,
                                "server-" + node + ".log"));
                    }
                    BenchServer.Session session = servers.get(0).signUp();
                    System.out.printf(Locale.ROOT, "%n== run %d of %d: %d Amazon stores x %d orders on %d nodes ==%n",
                            run, runs, stores, perStore, nodes);
                    Result result = backfill(session, db, amazon, stores, perStore, rate);
                    results.add(result);
                    System.out.println(result.line());
                    if (run == 1 && visibilitySeconds > 0) {
                        System.out.printf(Locale.ROOT, "%n== visibility delay: %d Walmart stores, GET /v3/orders quota"
                                + " %.1f calls/s, burst %d; new orders for %d s ==%n", stores, WALMART_RATE,
                                WALMART_BURST, visibilitySeconds);
                        System.out.println(visibility(session, db, walmart, Math.min(stores, 4), visibilitySeconds));
                    }
                } finally {
                    for (BenchServer server : servers) {
                        server.close();
                    }
                }
            } finally {
                BenchServer.deleteTree(work);
            }
        }
        System.out.println();
        results.forEach(r -> System.out.println(r.line()));
        System.out.printf(Locale.ROOT, "median of %d runs: calls made / calls allowed %.1f %% (goal >= 95 %%), 429s %.0f"
                        + " (goal 0), worst store's backfill %.0f s; runs that paused and were rescheduled (median)"
                        + " %.0f%n", results.size(),
                100 * BenchServer.median(results.stream().map(Result::share).toList()),
                BenchServer.median(results.stream().map(r -> (double) r.throttled()).toList()),
                BenchServer.median(results.stream().map(Result::worstBackfill).toList()),
                BenchServer.median(results.stream().map(r -> (double) r.paused()).toList()));
    }

    /** Backfills Amazon stores with the simulator's quota on; returns the run's figures. */
    private static Result backfill(BenchServer.Session session, Connection db, AmazonSimulator amazon, int stores,
                                   int perStore, double rate) throws Exception {
        Map<String, AmazonSeller> byStore = new LinkedHashMap<>();
        long requestsBefore = amazon.counters().requests(AmazonSimulator.OP_SEARCH_ORDERS);
        long throttledBefore = amazon.counters().throttledTotal();
        List<AmazonSeller> sellers = new ArrayList<>();
        for (int i = 0; i < stores; i++) {
            sellers.add(amazon.registerSeller().generateOrders(perStore, Duration.ofDays(14)));
        }
        for (int i = 0; i < stores; i++) {
            AmazonSeller seller = sellers.get(i);
            byStore.put(session.createStore("{\"marketplace\":\"AMAZON\",\"name\":\"Quota bench " + i
                    + "\",\"credentials\":{\"sellingPartnerId\":\"" + seller.sellingPartnerId()
                    + "\",\"refreshToken\":\"" + seller.refreshToken() + "\"}}"), seller);
        }
        List<String> ids = new ArrayList<>(byStore.keySet());
        waitForFirstSuccess(db, ids, Duration.ofMinutes(90));
        long simulatorCalls = amazon.counters().requests(AmazonSimulator.OP_SEARCH_ORDERS) - requestsBefore;
        long throttled = amazon.counters().throttledTotal() - throttledBefore;

        long calls = 0;
        long waits = 0;
        long orders = 0;
        long paused = 0;
        double allowed = 0;
        double longest = 0;
        double shortest = Double.MAX_VALUE;
        try (PreparedStatement runs = db.prepareStatement("""
                with done as (select store_id, min(finished_at) as at from esm.sync_run
                               where outcome = 'SUCCEEDED' and store_id = any(?::uuid[]) group by store_id)
                select r.store_id, extract(epoch from done.at - min(r.started_at)), sum(r.pages),
                       sum(r.rate_limit_waits), sum(r.orders_seen), count(*),
                       count(*) filter (where r.outcome = 'PAUSED')
                  from esm.sync_run r join done using (store_id)
                 where r.started_at <= done.at group by r.store_id, done.at""")) {
            runs.setArray(1, db.createArrayOf("text", ids.toArray()));
            try (ResultSet row = runs.executeQuery()) {
                while (row.next()) {
                    double elapsed = row.getDouble(2);
                    long storeCalls = row.getLong(3);
                    double storeAllowed = AMAZON_BURST + rate * elapsed;
                    System.out.printf(Locale.ROOT, "store %s: %d calls of %.1f allowed in %.1f s (%d runs, %d paused,"
                                    + " %d orders, %d waits for the quota) = %.1f %%%n", row.getString(1), storeCalls,
                            storeAllowed, elapsed, row.getLong(6), row.getLong(7), row.getLong(5), row.getLong(4),
                            100.0 * storeCalls / storeAllowed);
                    calls += storeCalls;
                    allowed += storeAllowed;
                    waits += row.getLong(4);
                    orders += row.getLong(5);
                    paused += row.getLong(7);
                    longest = Math.max(longest, elapsed);
                    shortest = Math.min(shortest, elapsed);
                }
            }
        }
        try (PreparedStatement count = db.prepareStatement("select count(*), count(distinct marketplace_order_id)"
                + " from esm.customer_order where store_id = ?::uuid")) {
            for (Map.Entry<String, AmazonSeller> store : byStore.entrySet()) {
                count.setString(1, store.getKey());
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    if (row.getLong(1) != store.getValue().orderCount() || row.getLong(2) != row.getLong(1)) {
                        throw new IllegalStateException("Store " + store.getKey() + " holds " + row.getLong(1)
                                + " orders, the simulator served " + store.getValue().orderCount());
                    }
                }
            }
        }
        String line = String.format(Locale.ROOT, "budget share during the backfill: %d calls of %.1f allowed = %.1f %%"
                        + " (goal >= 95 %%); 429s from the simulator: %d (goal 0); %d stores x %d orders (all stored,"
                        + " each once; the runs saw %d) in %.0f-%.0f s (worst store %.0f s); %d runs paused and were"
                        + " rescheduled; ESM waited for its quota %d times; the simulator counted %d searchOrders calls"
                        + " until the last backfill ended", calls, allowed, 100.0 * calls / allowed, throttled,
                stores, perStore, orders, shortest, longest, longest, paused, waits, simulatorCalls);
        return new Result(calls, allowed, throttled, longest, paused, line);
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
