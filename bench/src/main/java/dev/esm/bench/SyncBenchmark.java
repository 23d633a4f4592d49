package dev.esm.bench;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;

import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;

/**
 * Initial order sync, end to end: the packaged server (its own process, on a PostgreSQL started for the run) syncs
 * {@code stores} Walmart stores of {@code ordersPerStore} orders each from the Walmart simulator with quotas off.
 * Reports orders per second from the first store's creation until every store's first sync has succeeded, the
 * server's peak resident memory, and, as a baseline in the same run, how fast {@code COPY} loads the same number of
 * rows into the same orders table.
 */
public final class SyncBenchmark {

    public static void main(String[] args) throws Exception {
        if (!BenchServer.selected("sync")) {
            return;
        }
        Path jar = Path.of(args.length > 0 ? args[0] : "server/target/esm.jar").toAbsolutePath().normalize();
        int storeCount = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int perStore = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Path work = Files.createTempDirectory("esm-sync-bench-");
        try (EmbeddedPostgres postgres = BenchServer.postgres(work.resolve("pg"));
             WalmartSimulator walmart = new WalmartSimulator().setQuotasEnabled(false).start()) {
            List<WalmartSeller> sellers = new ArrayList<>();
            for (int i = 0; i < storeCount; i++) {
                sellers.add(walmart.registerSeller("bench-" + i, "bench-secret-" + i).generateOrders(perStore, Duration.ofDays(14)));
            }
            try (BenchServer server = BenchServer.start(jar, work, postgres.getPort(), List.of(
                    "-Desm.connectors.walmart.base-url=" + walmart.baseUrl(), "-Desm.orders.sync.interval=PT1H"))) {
                BenchServer.Session session = server.signUp();
                Path postmasterPid = work.resolve("pg").resolve("postmaster.pid");
                CpuTimes cpuBefore = CpuTimes.of(server.process(), postmasterPid);
                long start = System.nanoTime();
                List<String> stores = new ArrayList<>();
                for (WalmartSeller seller : sellers) {
                    stores.add(session.createStore("{\"marketplace\":\"WALMART\",\"name\":\"Bench " + seller.clientId()
                            + "\",\"credentials\":{\"clientId\":\"" + seller.clientId() + "\",\"clientSecret\":\""
                            + seller.clientSecret() + "\"}}"));
                }
                long peakRss = 0;
                Set<String> done = new HashSet<>();
                while (done.size() < stores.size()) {
                    Thread.sleep(500);
                    peakRss = Math.max(peakRss, rssKib(server.process().pid(), "VmRSS"));
                    for (String store : stores) {
                        if (!done.contains(store) && session.get("/api/v1/stores/" + store + "/sync-runs")
                                .contains("\"outcome\":\"SUCCEEDED\"")) {
                            done.add(store);
                        }
                    }
                    if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
                        throw new IllegalStateException("Not synced after 30 minutes: " + done.size() + " stores done");
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                CpuTimes cpu = CpuTimes.of(server.process(), postmasterPid).minus(cpuBefore);
                long total = (long) storeCount * perStore;
                peakRss = Math.max(peakRss, rssKib(server.process().pid(), "VmHWM"));
                String copyStore = session.createStore("{\"marketplace\":\"AMAZON\",\"name\":\"COPY baseline\"}");
                double copyPerSecond = copyRows(postgres.getPort(), copyStore, total);
                double syncPerSecond = total / seconds;
                System.out.printf("initial sync: %d orders in %d stores in %.1f s = %.0f orders/s end to end%n",
                        total, storeCount, seconds, syncPerSecond);
                System.out.printf("COPY of %d rows into esm.customer_order: %.0f rows/s%n", total, copyPerSecond);
                System.out.printf("ratio sync/COPY: %.3f (goal >= 0.25)%n", syncPerSecond / copyPerSecond);
                System.out.printf("server peak RSS: %d MB (goal <= 768 MB)%n", peakRss / 1024);
                System.out.printf("CPU during the sync: server %.1f s, PostgreSQL %.1f s, simulator (this JVM) %.1f s"
                                + " = %.0f µs per order%n", cpu.server(), cpu.database(), cpu.simulator(),
                        (cpu.server() + cpu.database() + cpu.simulator()) * 1e6 / total);
                try (var lines = Files.lines(server.log())) {
                    lines.filter(line -> line.contains("Sync of store") || line.contains("PROFILE")).forEach(System.out::println);
                }
            }
        } finally {
            BenchServer.deleteTree(work);
        }
    }

    /** COPY of {@code rows} order rows of the same shape as the sync writes, into the same table. */
    private static double copyRows(int databasePort, String store, long rows) throws Exception {
        StringBuilder csv = new StringBuilder();
        Instant now = Instant.now();
        for (long i = 0; i < rows; i++) {
            csv.append(UUID.randomUUID()).append(',').append(store).append(",COPY-").append(i)
                    .append(",UNSHIPPED,Created,").append(now).append(',').append(now.plusSeconds(86_400)).append(',')
                    .append(now.plusSeconds(4 * 86_400)).append(',').append(now).append(",USD,49.99,\"{SKU-")
                    .append(i % 500).append("}\",\\x").append(String.format("%064x", i)).append('\n');
        }
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + databasePort
                + "/postgres?user=postgres")) {
            long start = System.nanoTime();
            db.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    COPY esm.customer_order (id, store_id, marketplace_order_id, status, marketplace_status, ordered_at,
                         ship_by, deliver_by, marketplace_updated_at, currency, total, skus, content_hash)
                    FROM STDIN WITH (FORMAT csv)""", new StringReader(csv.toString()));
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * CPU seconds used so far by the server, by PostgreSQL (the postmaster and its live backends) and by this JVM
     * (the simulator): where the sync's work goes, independent of what else the machine is doing.
     */
    private record CpuTimes(double server, double database, double simulator) {

        static CpuTimes of(Process server, Path postmasterPid) throws IOException {
            long postmaster = Long.parseLong(Files.readAllLines(postmasterPid).get(0).strip());
            double database = ProcessHandle.of(postmaster).map(pm -> seconds(pm)
                    + pm.descendants().mapToDouble(SyncBenchmark::seconds).sum()).orElse(0.0);
            return new CpuTimes(seconds(server.toHandle()), database, seconds(ProcessHandle.current()));
        }

        CpuTimes minus(CpuTimes before) {
            return new CpuTimes(server - before.server, database - before.database, simulator - before.simulator);
        }
    }

    private static double seconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    private static long rssKib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // the process is gone or /proc differs: no figure
        }
        return 0;
    }
}
