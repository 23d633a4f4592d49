package dev.esm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.esm.sandbox.easypost.EasyPostSimulator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;

/**
 * A label batch against a provider that behaves like one: the packaged server (its own process, on a PostgreSQL
 * started for the run, shipped defaults for batches: its threads and its assumed provider rate) buys one label for
 * each of {@code orders} orders of one Walmart store (synced from the Walmart simulator, quotas off) in one batch.
 * The EasyPost simulator answers with realistic latency (create shipment 0.3-1 s, buy 0.5-2 s, label file link
 * 0.2-0.6 s, uniform, seeded) and limits each label operation a batch uses to {@code rate} requests per second per API
 * key (burst {@code rate}); a request over the limit gets 429 with {@code Retry-After}, as EasyPost answers. ESM is
 * not told the rate: what it applies is its own default (or what it learns from the provider's answers). Each label
 * needs one request of each operation; the operations have separate buckets, so the rate floor is
 * {@code orders ÷ rate} seconds. Reports, per run, the wall time from the batch's creation to its end, the floor,
 * their ratio (goal ≤ 1.15) and the 429s the simulator sent; then the medians of {@code runs} runs.
 */
public final class LabelBatchBenchmark {

    private static final List<String> LIMITED = List.of(EasyPostSimulator.OP_SHIPMENT_CREATE,
            EasyPostSimulator.OP_SHIPMENT_BUY, EasyPostSimulator.OP_SHIPMENT_LABEL);

    public static void main(String[] args) throws Exception {
        if (!BenchServer.selected("labels")) {
            return;
        }
        Path jar = Path.of(args.length > 0 ? args[0] : "server/target/esm.jar").toAbsolutePath().normalize();
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 4;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        List<Double> walls = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> throttled = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            System.out.printf("%n== label batch run %d of %d: %d labels, provider limit %.1f requests/s per"
                    + " operation ==%n", run, runs, orders, rate);
            double[] figures = run(jar, orders, rate, threads, run);
            walls.add(figures[0]);
            ratios.add(figures[0] / (figures[2] / rate));
            throttled.add(figures[1]);
            labels.add(figures[2]);
        }
        System.out.printf("%nmedian of %d runs: %.0f labels in %.1f s; ratio to the rate floor %.2f (goal <= 1.15);"
                        + " 429s %.0f; per run: labels %s, wall %s s, ratio %s%n", runs, BenchServer.median(labels),
                BenchServer.median(walls), BenchServer.median(ratios), BenchServer.median(throttled),
                labels.stream().map(l -> String.format("%.0f", l)).toList(),
                walls.stream().map(w -> String.format("%.1f", w)).toList(),
                ratios.stream().map(r -> String.format("%.2f", r)).toList());
    }

    /** One batch on a fresh database, server and simulators; returns {wall seconds, 429s sent}. */
    private static double[] run(Path jar, int orders, double rate, int threads, int seed) throws Exception {
        Path work = Files.createTempDirectory("esm-label-bench-");
        try (EmbeddedPostgres postgres = BenchServer.postgres(work.resolve("pg"));
             WalmartSimulator walmart = new WalmartSimulator().setQuotasEnabled(false).start();
             EasyPostSimulator easypost = new EasyPostSimulator(java.time.Clock.systemUTC(), seed).start()) {
            WalmartSeller seller = walmart.registerSeller("bench-labels", "bench-secret")
                    .generateOrders(orders, Duration.ofDays(3));
            String apiKey = "EZTK" + UUID.randomUUID().toString().replace("-", "");
            easypost.registerApiKey(apiKey);
            List<String> properties = new ArrayList<>(List.of(
                    "-Desm.connectors.walmart.base-url=" + walmart.baseUrl(),
                    "-Desm.connectors.easypost.base-url=" + easypost.baseUrl(), "-Desm.orders.sync.interval=PT1H"));
            if (threads > 0) {
                properties.add("-Desm.shipping.batch.threads=" + threads);
            }
            System.out.println("batch threads: " + (threads > 0 ? threads : "the shipped default"));
            try (BenchServer server = BenchServer.start(jar, work, postgres.getPort(), properties)) {
                BenchServer.Session session = server.signUp();
                String store = session.id(session.call("POST", "/api/v1/stores", "{\"marketplace\":\"WALMART\","
                        + "\"name\":\"Bench labels\",\"credentials\":{\"clientId\":\"" + seller.clientId()
                        + "\",\"clientSecret\":\"" + seller.clientSecret() + "\"}}", 201));
                long syncDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (!session.call("GET", "/api/v1/stores/" + store + "/sync-runs", null, 200)
                        .contains("\"outcome\":\"SUCCEEDED\"")) {
                    if (System.nanoTime() > syncDeadline) {
                        throw new IllegalStateException("The store's orders did not sync");
                    }
                    Thread.sleep(500);
                }
                session.call("PUT", "/api/v1/stores/" + store + "/shipping/api-key", "{\"apiKey\":\"" + apiKey + "\"}",
                        204, 200);
                session.call("PUT", "/api/v1/stores/" + store + "/shipping/defaults",
                        "{\"defaultService\":\"GroundAdvantage\",\"labelFormat\":\"PDF\"}", 204, 200);
                session.call("POST", "/api/v1/stores/" + store + "/shipping/addresses", "{\"label\":\"Warehouse\","
                        + "\"name\":\"Shipping Dept\",\"company\":\"Bench Goods\",\"street1\":\"215 Clayton St\","
                        + "\"city\":\"San Francisco\",\"state\":\"CA\",\"zip\":\"94117\",\"phone\":\"4155550100\","
                        + "\"makeDefault\":true}", 201, 200);
                session.call("POST", "/api/v1/stores/" + store + "/shipping/packages", "{\"name\":\"Small box\","
                        + "\"weightOz\":15.4,\"lengthIn\":10,\"widthIn\":8,\"heightIn\":4}", 201, 200);

                // the provider's limit and latency are on from here; the set-up above used a handful of free calls
                for (String operation : LIMITED) {
                    easypost.setQuota(operation, rate, (int) Math.max(1, rate));
                }
                easypost.setLatency(EasyPostSimulator.OP_SHIPMENT_CREATE, Duration.ofMillis(300), Duration.ofMillis(1000));
                easypost.setLatency(EasyPostSimulator.OP_SHIPMENT_BUY, Duration.ofMillis(500), Duration.ofMillis(2000));
                easypost.setLatency(EasyPostSimulator.OP_SHIPMENT_LABEL, Duration.ofMillis(200), Duration.ofMillis(600));
                easypost.counters().reset();
                long start = System.nanoTime();
                String batch = session.id(session.call("POST", "/api/v1/label-batches",
                        "{\"filter\":{\"store\":\"" + store + "\"}}", 201));
                String details;
                long batchDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
                while (!(details = session.call("GET", "/api/v1/label-batches/" + batch, null, 200))
                        .contains("\"state\":\"DONE\"")) {
                    if (System.nanoTime() > batchDeadline) {
                        throw new IllegalStateException("The batch did not finish: " + details);
                    }
                    Thread.sleep(100);
                }
                double wall = (System.nanoTime() - start) / 1e9;
                int purchased = number(details, "purchased");
                int failed = number(details, "failed");
                // the batch takes the store's orders awaiting shipment (the others are shipped, delivered or
                // cancelled already): one label each
                int labels = purchased + failed;
                double floor = labels / rate;
                System.out.printf("label batch: %d orders in the store, %d in the batch: %d labels bought, %d failed,"
                        + " in %.1f s%n", orders, labels, purchased, failed, wall);
                for (String operation : LIMITED) {
                    System.out.printf("  %-18s %4d requests, %d answered 429 (limit %.1f/s, burst %d)%n", operation,
                            easypost.counters().requests(operation), easypost.counters().throttled(operation), rate,
                            (int) Math.max(1, rate));
                }
                System.out.printf("  other provider requests: %d (label file downloads are public links, unlimited)%n",
                        easypost.counters().totalRequests() - LIMITED.stream()
                                .mapToLong(op -> easypost.counters().requests(op)).sum());
                System.out.printf("rate floor: %d labels x 1 request per limited operation / %.1f requests/s = %.1f s%n",
                        labels, rate, floor);
                System.out.printf("ratio wall/floor: %.2f (goal <= 1.15); 429s seen by ESM (batch's count): %d;"
                                + " 429s sent by the simulator: %d; labels bought at the provider: %d%n", wall / floor,
                        number(details, "rateLimited"), easypost.counters().throttledTotal(),
                        easypost.purchases(apiKey));
                if (failed != 0 || easypost.purchases(apiKey) != purchased) {
                    throw new IllegalStateException(purchased + " labels bought by the batch, " + failed + " failed, "
                            + easypost.purchases(apiKey) + " bought at the provider");
                }
                return new double[] {wall, easypost.counters().throttledTotal(), labels};
            }
        } finally {
            BenchServer.deleteTree(work);
        }
    }

    private static int number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
