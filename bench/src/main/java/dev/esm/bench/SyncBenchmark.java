package dev.esm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
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
 * server's peak resident memory and the CPU each process used, and, as a baseline in the same run, how fast
 * {@code COPY} loads the very rows the sync wrote into the same tables.
 */
public final class SyncBenchmark {

    /** One run's figures. */
    private record Result(long orders, double seconds, double syncPerSecond, double copyPerSecond, double ratio,
                          double ordersOnlyRatio, long peakRssMb, double cpuMicrosPerOrder, CpuTimes cpu) {
    }

    public static void main(String[] args) throws Exception {
        if (!BenchServer.selected("sync")) {
            return;
        }
        Path jar = Path.of(args.length > 0 ? args[0] : "server/target/esm.jar").toAbsolutePath().normalize();
        int storeCount = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int perStore = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<Result> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            System.out.printf("%n== sync run %d of %d: %d stores x %d orders ==%n", run, runs, storeCount, perStore);
            results.add(run(jar, storeCount, perStore));
        }
        System.out.printf("%n== initial sync, %d stores x %d orders, %d runs (each: fresh database and server) ==%n",
                storeCount, perStore, runs);
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            System.out.printf("run %d: %d orders stored = %d served; sync %.1f s = %.0f orders/s; COPY %.0f orders/s;"
                            + " ratio %.3f (orders table alone %.3f); peak RSS %d MB; CPU %.0f µs/order (server %.1f s,"
                            + " PostgreSQL %.1f s, simulator %.1f s)%n", i + 1, r.orders, r.orders, r.seconds,
                    r.syncPerSecond, r.copyPerSecond, r.ratio, r.ordersOnlyRatio, r.peakRssMb, r.cpuMicrosPerOrder,
                    r.cpu.server(), r.cpu.database(), r.cpu.simulator());
        }
        System.out.printf("median of %d: sync %.0f orders/s, COPY of the same rows %.0f orders/s, ratio %.3f"
                        + " (goal >= 0.35), peak RSS %.0f MB, CPU %.0f µs per order (server + PostgreSQL + simulator)%n",
                runs, med(results, Result::syncPerSecond), med(results, Result::copyPerSecond),
                med(results, Result::ratio), med(results, r -> (double) r.peakRssMb),
                med(results, Result::cpuMicrosPerOrder));
        System.out.printf("load average at the end (1, 5, 15 min): %s%n", Files.readString(Path.of("/proc/loadavg"))
                .strip());
    }

    private static double med(List<Result> results, java.util.function.ToDoubleFunction<Result> figure) {
        return BenchServer.median(results.stream().map(figure::applyAsDouble).toList());
    }

    private static Result run(Path jar, int storeCount, int perStore) throws Exception {
        Path work = Files.createTempDirectory("esm-sync-bench-");
        boolean countStatements = Boolean.getBoolean("bench.sync.statements");
        Path statementLog = work.resolve("pg-log");
        try (EmbeddedPostgres postgres = countStatements ? statementLogging(work.resolve("pg"), statementLog)
                : BenchServer.postgres(work.resolve("pg"));
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
                ServerThreads threadsBefore = ServerThreads.of(server.process().pid());
                long logStart = countStatements ? logSize(statementLog) : 0;
                long start = System.nanoTime();
                List<String> stores = new ArrayList<>();
                for (WalmartSeller seller : sellers) {
                    stores.add(session.createStore("{\"marketplace\":\"WALMART\",\"name\":\"Bench " + seller.clientId()
                            + "\",\"credentials\":{\"clientId\":\"" + seller.clientId() + "\",\"clientSecret\":\""
                            + seller.clientSecret() + "\"}}"));
                }
                double createdSeconds = (System.nanoTime() - start) / 1e9;
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
                if (countStatements) {
                    printStatements(statementLog, logStart, stores.size() * (long) perStore);
                }
                CpuTimes cpu = CpuTimes.of(server.process(), postmasterPid).minus(cpuBefore);
                System.out.printf("server CPU by thread during the sync (s): %s%n",
                        ServerThreads.of(server.process().pid()).minus(threadsBefore));
                long total = checkStored(postgres.getPort(), stores, sellers);
                System.out.printf("stores created in %.1f s; the server's sync log:%n", createdSeconds);
                Files.readAllLines(server.log()).stream().filter(line -> line.contains("Sync of store"))
                        .forEach(line -> System.out.println("  " + line));
                peakRss = Math.max(peakRss, rssKib(server.process().pid(), "VmHWM"));
                String copyStore = session.createStore("{\"marketplace\":\"AMAZON\",\"name\":\"COPY baseline\"}");
                CopyBaseline copy = CopyBaseline.of(postgres.getPort(), stores, copyStore, work);
                double syncPerSecond = total / seconds;
                double ordersOnlyPerSecond = total / copy.ordersSeconds();
                double allRowsPerSecond = total / copy.allSeconds();
                System.out.printf("initial sync: %d orders in %d stores in %.1f s = %.0f orders/s end to end%n",
                        total, storeCount, seconds, syncPerSecond);
                System.out.printf("COPY of the same %d rows the sync wrote (orders, lines, buyers, status changes) into"
                        + " the same tables: %.1f s = %.0f orders/s%n", copy.rows(), copy.allSeconds(), allRowsPerSecond);
                System.out.printf("ratio sync/COPY: %.3f (goal >= 0.35)%n", syncPerSecond / allRowsPerSecond);
                System.out.printf("  (of that, COPY of the %d order rows into esm.customer_order alone: %.0f rows/s;"
                        + " ratio against it %.3f)%n", total, ordersOnlyPerSecond, syncPerSecond / ordersOnlyPerSecond);
                System.out.printf("server peak RSS: %d MB (goal <= 768 MB)%n", peakRss / 1024);
                double cpuPerOrder = (cpu.server() + cpu.database() + cpu.simulator()) * 1e6 / total;
                System.out.printf("CPU during the sync: server %.1f s, PostgreSQL %.1f s, simulator (this JVM) %.1f s"
                                + " = %.0f µs per order%n", cpu.server(), cpu.database(), cpu.simulator(), cpuPerOrder);
                return new Result(total, seconds, syncPerSecond, allRowsPerSecond, syncPerSecond / allRowsPerSecond,
                        syncPerSecond / ordersOnlyPerSecond, peakRss / 1024, cpuPerOrder, cpu);
            }
        } finally {
            BenchServer.deleteTree(work);
        }
    }

    /**
     * A diagnostic PostgreSQL for {@code -Dbench.sync.statements=true}: as {@link BenchServer#postgres} but logging
     * every statement into {@code logDirectory}, so statements per order can be counted (logging costs time: figures
     * of such a run are not comparable with the others).
     */
    private static EmbeddedPostgres statementLogging(Path directory, Path logDirectory) throws IOException {
        Files.createDirectories(logDirectory);
        EmbeddedPostgres postgres = BenchServer.durable(EmbeddedPostgres.builder().setDataDirectory(directory)
                        .setCleanDataDirectory(true).setServerConfig("max_connections", "200")
                        .setServerConfig("log_statement", "all").setServerConfig("logging_collector", "on")
                        .setServerConfig("log_directory", logDirectory.toString())
                        .setServerConfig("log_filename", "statements.log"))
                .start();
        BenchServer.printDurability(postgres.getPort());
        return postgres;
    }

    private static long logSize(Path logDirectory) throws IOException {
        Path log = logDirectory.resolve("statements.log");
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /**
     * Counts the statements PostgreSQL ran from {@code from} (a byte offset of its log) on, by the first table each
     * names (every client: the sync, the quota buckets, the benchmark's polling), and per order.
     */
    private static void printStatements(Path logDirectory, long from, long orders) throws IOException {
        byte[] all = Files.readAllBytes(logDirectory.resolve("statements.log"));
        String text = new String(all, (int) from, all.length - (int) from, java.nio.charset.StandardCharsets.UTF_8);
        java.util.Map<String, Integer> byTable = new java.util.TreeMap<>();
        int total = 0;
        int commits = 0;
        java.util.regex.Pattern statement = java.util.regex.Pattern.compile(
                "LOG:  (?:execute [^:]*|statement): (.*)");
        java.util.regex.Pattern table = java.util.regex.Pattern.compile(
                "(?i)\\b(?:into|update)\\s+(?:esm\\.)?(\\w+)|\\bfrom\\s+(?:esm\\.)?(\\w+)");
        List<String> statements = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\n")) {
            java.util.regex.Matcher m = statement.matcher(line);
            if (m.find()) {
                if (current != null) {
                    statements.add(current.toString());
                }
                current = new StringBuilder(m.group(1));
            } else if (current != null && line.startsWith("\t")) {
                current.append(' ').append(line.strip());
            } else if (current != null) {
                statements.add(current.toString());
                current = null;
            }
        }
        if (current != null) {
            statements.add(current.toString());
        }
        for (String sql : statements) {
            String lower = sql.strip().toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("commit")) {
                commits++;
                continue;
            }
            if (lower.startsWith("begin") || lower.startsWith("rollback") || lower.isEmpty()) {
                continue;
            }
            total++;
            java.util.regex.Matcher t = table.matcher(sql);
            String key = lower.startsWith("select set_config") ? "set_config"
                    : (t.find() ? (t.group(1) != null ? t.group(1) : t.group(2)) : lower.split("\\s+")[0]) + (lower.startsWith("with") ? " (with)" : "");
            byTable.merge(key, 1, Integer::sum);
        }
        System.out.printf("statements during the sync (all clients): %d = %.3f per order; commits %d = %.3f per order%n",
                total, total / (double) orders, commits, commits / (double) orders);
        byTable.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> System.out.printf("  %-28s %6d  %.4f per order%n", e.getKey(), e.getValue(),
                        e.getValue() / (double) orders));
    }

    /**
     * Fails unless every store holds exactly the orders its seller has at the simulator (each once); returns the
     * number of orders stored.
     */
    private static long checkStored(int databasePort, List<String> stores, List<WalmartSeller> sellers)
            throws Exception {
        long stored = 0;
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + databasePort
                + "/postgres?user=postgres");
             var count = db.prepareStatement("select count(*), count(distinct marketplace_order_id)"
                     + " from esm.customer_order where store_id = ?::uuid")) {
            for (int i = 0; i < stores.size(); i++) {
                count.setString(1, stores.get(i));
                try (var row = count.executeQuery()) {
                    row.next();
                    long rows = row.getLong(1);
                    long distinct = row.getLong(2);
                    int served = sellers.get(i).orderCount();
                    if (rows != served || distinct != served) {
                        throw new IllegalStateException("Store " + i + ": " + rows + " orders stored (" + distinct
                                + " distinct), " + served + " served by the simulator");
                    }
                    stored += rows;
                }
            }
        }
        System.out.printf("orders stored = orders served: %d in %d stores, each once%n", stored, stores.size());
        return stored;
    }

    /**
     * The baseline: exactly the rows the sync wrote, re-keyed to another store (order ids mapped through md5, so lines,
     * buyers and status changes still point at their order), exported with {@code COPY ... TO} and timed while
     * {@code COPY ... FROM} loads them into the same tables in one transaction, as the database superuser (COPY FROM
     * cannot run under row-level security).
     */
    private record CopyBaseline(long rows, double ordersSeconds, double allSeconds) {

        private static final String[][] TABLES = {
                {"customer_order", "id, store_id, marketplace_order_id, status, marketplace_status, ordered_at, ship_by,"
                        + " deliver_by, marketplace_updated_at, currency, total, skus, content_hash",
                        "md5(id::text)::uuid, %s, marketplace_order_id || '-' || left(store_id::text, 8), status,"
                        + " marketplace_status, ordered_at, ship_by, deliver_by, marketplace_updated_at, currency, total,"
                        + " skus, content_hash"},
                {"order_line", "order_id, store_id, line_number, sku, title, quantity, unit_price, status",
                        "md5(order_id::text)::uuid, %s, line_number, sku, title, quantity, unit_price, status"},
                {"order_buyer", "order_id, store_id, sealed, name_index",
                        "md5(order_id::text)::uuid, %s, sealed, name_index"},
                {"order_status_change", "order_id, store_id, at, status, marketplace_status",
                        "md5(order_id::text)::uuid, %s, at, status, marketplace_status"}};

        static CopyBaseline of(int databasePort, List<String> syncedStores, String copyStore, Path work)
                throws Exception {
            String stores = "'{" + String.join(",", syncedStores) + "}'::uuid[]";
            String target = "'" + copyStore + "'::uuid";
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + databasePort
                    + "/postgres?user=postgres")) {
                var copy = db.unwrap(PGConnection.class).getCopyAPI();
                long rows = 0;
                for (String[] table : TABLES) {
                    try (var out = Files.newOutputStream(work.resolve(table[0] + ".copy"))) {
                        rows += copy.copyOut("COPY (SELECT " + table[2].formatted(target) + " FROM esm." + table[0]
                                + " WHERE store_id = ANY (" + stores + ")) TO STDOUT (FORMAT binary)", out);
                    }
                }
                db.setAutoCommit(false);
                long start = System.nanoTime();
                double ordersSeconds = 0;
                for (String[] table : TABLES) {
                    try (var in = Files.newInputStream(work.resolve(table[0] + ".copy"))) {
                        copy.copyIn("COPY esm." + table[0] + " (" + table[1] + ") FROM STDIN (FORMAT binary)", in);
                    }
                    if (ordersSeconds == 0) {
                        ordersSeconds = (System.nanoTime() - start) / 1e9;
                    }
                }
                db.commit();
                return new CopyBaseline(rows, ordersSeconds, (System.nanoTime() - start) / 1e9);
            }
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

    /**
     * The server's CPU seconds by kind of thread (JIT compilers, garbage collector, sync workers, web requests, the
     * rest), read from {@code /proc/<pid>/task/<tid>/stat}: where the server's own CPU goes during the sync.
     */
    private record ServerThreads(java.util.Map<String, Double> seconds) {

        static ServerThreads of(long pid) {
            java.util.Map<String, Double> seconds = new java.util.TreeMap<>();
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                        seconds.merge(kind(name), cpu, Double::sum);
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException noProc) {
                // no /proc: no breakdown
            }
            return new ServerThreads(seconds);
        }

        private static String kind(String thread) {
            if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
                return "jit";
            }
            if (thread.startsWith("GC Thread") || thread.startsWith("G1 ")) {
                return "gc";
            }
            if (thread.startsWith("db-scheduler-po")) {
                return "sync";
            }
            if (thread.startsWith("http-nio")) {
                return "web";
            }
            if (thread.startsWith("HttpClient")) {
                return "http-client";
            }
            return "other";
        }

        ServerThreads minus(ServerThreads before) {
            java.util.Map<String, Double> diff = new java.util.TreeMap<>(seconds);
            before.seconds.forEach((kind, s) -> diff.merge(kind, -s, Double::sum));
            return new ServerThreads(diff);
        }

        @Override
        public String toString() {
            return seconds.entrySet().stream().map(e -> e.getKey() + " %.2f".formatted(e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", "));
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
