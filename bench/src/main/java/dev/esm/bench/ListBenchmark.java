package dev.esm.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;

/**
 * The order list API ({@code GET /api/v1/orders}) at about {@code totalOrders} orders held by {@code operators}
 * operators (1 to 10 stores each, seeded), over loopback, {@code clients} concurrent clients, while the server's syncs
 * write new orders and status changes, with row-level security on and off in the same run.
 *
 * <p>Set-up: a PostgreSQL 14 (embedded, durable commits) and the packaged server as its own process. Each operator
 * signs up through the pages, creates a personal API token and adds its Walmart stores, whose first sync (a few orders
 * each, from the Walmart simulator) gives every store its data key, its index key and a few real buyers. The server is
 * stopped, {@code totalOrders ÷ stores} orders per store (1-3 lines and a sealed-looking buyer each) are generated in
 * SQL ({@code list-load.sql}) as the database owner, with no VACUUM or ANALYZE afterwards (autovacuum, on as shipped,
 * does what it does meanwhile). The server is started again with its shipped sync settings; the simulator keeps adding orders and
 * moving existing ones forward, so the syncs write during the measurement.
 *
 * <p>Measurement: {@code clients} threads, each taking a random operator (seeded) for one cycle of a fixed mix
 * (first page, following {@code next}, by store, by store and status, by status, late, at risk, ship-by window,
 * search by SKU, by order id and by buyer name) with that operator's token; after a warm-up, {@code rounds} rounds each
 * of {@code requests} requests (all clients together) with RLS on, then the same with RLS disabled on every table
 * (ALTER TABLE ... DISABLE ROW LEVEL SECURITY as the owner), then re-enabled.
 *
 * <p>With a data directory argument the loaded cluster is kept there and reused by the next run (which then only
 * applies new migrations and measures).
 */
public final class ListBenchmark {

    private static final Pattern NEXT = Pattern.compile("\"next\":\"([^\"]+)\"");
    private static final int CATALOG = 3_000;
    private static final int SYNCED_PER_STORE = 5;

    /** The server's master key; part of a kept cluster's state, since the stores' data keys are wrapped under it. */
    private static byte[] masterKey = randomKey();

    enum Kind {
        FIRST_PAGE, NEXT_PAGE, STORE, STORE_STATUS, STATUS, LATE, AT_RISK, SHIP_BY_WINDOW, SEARCH_SKU, SEARCH_ORDER_ID,
        SEARCH_NAME
    }

    /** One cycle of the mix; following {@code next} is three slots of thirteen. */
    private static final Kind[] MIX = {Kind.FIRST_PAGE, Kind.NEXT_PAGE, Kind.STORE, Kind.NEXT_PAGE, Kind.STATUS,
        Kind.STORE_STATUS, Kind.NEXT_PAGE, Kind.LATE, Kind.AT_RISK, Kind.SHIP_BY_WINDOW, Kind.SEARCH_SKU,
        Kind.SEARCH_ORDER_ID, Kind.SEARCH_NAME};

    public static void main(String[] args) throws Exception {
        if (!BenchServer.selected("list")) {
            return;
        }
        Path jar = Path.of(args.length > 0 ? args[0] : "server/target/esm.jar").toAbsolutePath().normalize();
        int operators = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        long totalOrders = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        String keep = args.length > 5 && args[5] != null && !args[5].isBlank() && !args[5].equals("-") ? args[5].strip() : "";
        boolean explain = args.length > 6 && Boolean.parseBoolean(args[6]);
        int clients = args.length > 7 ? Integer.parseInt(args[7]) : 8;
        double writeRate = args.length > 8 ? Double.parseDouble(args[8]) : 20;
        Path work = Files.createTempDirectory("esm-list-bench-");
        Path dataDir = keep.isEmpty() ? work.resolve("pg") : Path.of(keep).toAbsolutePath();
        Path stateFile = dataDir.resolveSibling(dataDir.getFileName() + ".state");
        boolean reuse = !keep.isEmpty() && Files.exists(stateFile);
        if (!keep.isEmpty() && !reuse) {
            delete(dataDir);
        }
        // zonky deletes a "clean" data directory when it stops: a kept cluster is never "clean"
        EmbeddedPostgres.Builder builder = BenchServer.durable(EmbeddedPostgres.builder()).setDataDirectory(dataDir)
                .setCleanDataDirectory(keep.isEmpty()).setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "512MB").setServerConfig("effective_cache_size", "4GB")
                .setServerConfig("work_mem", "16MB").setServerConfig("maintenance_work_mem", "256MB");
        if (explain) {
            Files.createDirectories(work.resolve("pglog"));
            builder.setServerConfig("session_preload_libraries", "auto_explain")
                    .setServerConfig("auto_explain.log_min_duration", "0")
                    .setServerConfig("auto_explain.log_analyze", "on")
                    .setServerConfig("auto_explain.log_buffers", "on")
                    .setServerConfig("auto_explain.log_nested_statements", "on")
                    .setServerConfig("logging_collector", "on")
                    .setServerConfig("log_directory", work.resolve("pglog").toString());
        }
        try (EmbeddedPostgres postgres = builder.start();
             WalmartSimulator walmart = new WalmartSimulator().setQuotasEnabled(false).start()) {
            BenchServer.printDurability(postgres.getPort());
            String owner = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres";
            State state;
            List<WalmartSeller> sellers;
            if (reuse) {
                state = State.read(stateFile);
                sellers = sellers(walmart, state.stores.size());
                System.out.printf("reusing the loaded cluster in %s%n", dataDir);
            } else {
                Random random = new Random(42);
                List<Integer> owners = new ArrayList<>();
                for (int operator = 0; operator < operators; operator++) {
                    for (int n = 1 + random.nextInt(10); n > 0; n--) {
                        owners.add(operator);
                    }
                }
                sellers = sellers(walmart, owners.size());
                state = prepare(jar, work, postgres.getPort(), walmart, sellers, owners, operators);
                int perStore = (int) Math.max(1, totalOrders / owners.size());
                long loadStart = System.nanoTime();
                load(owner, state.stores, perStore);
                state = state.withPerStore(perStore);
                System.out.printf("load of %d orders (%d per store; + lines, buyers) in SQL, no VACUUM or ANALYZE: %.0f s%n",
                        (long) owners.size() * perStore, perStore, (System.nanoTime() - loadStart) / 1e9);
                if (!keep.isEmpty()) {
                    state.write(stateFile);
                }
            }
            try (Connection db = DriverManager.getConnection(owner); Statement s = db.createStatement();
                 ResultSet rows = s.executeQuery("""
                         select (select count(*) from esm.customer_order), (select count(*) from esm.order_line),
                                (select count(*) from esm.order_buyer), (select count(*) from esm.store),
                                pg_size_pretty(pg_total_relation_size('esm.customer_order'))""")) {
                rows.next();
                System.out.printf("database: %d orders, %d lines, %d buyers, %d stores; customer_order with indexes %s%n",
                        rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getString(5));
            }
            int port = BenchServer.freePort();
            long startAt = System.nanoTime();
            Process server = startServer(jar, work, postgres.getPort(), walmart.baseUrl(), port, true, false);
            Writer writer = new Writer(sellers, writeRate);
            try {
                String base = "http://localhost:" + port;
                waitHealthy(base, server);
                System.out.printf("server start (migrations included): %.1f s%n", (System.nanoTime() - startAt) / 1e9);
                writer.start();
                measure(base, owner, state, requests, rounds, clients, writer);
            } finally {
                writer.stop();
                stop(server);
            }
            if (explain) {
                Path target = jar.getParent().getParent().getParent().resolve("bench/target/list-bench-postgres.log");
                try (var logs = Files.list(work.resolve("pglog"))) {
                    StringBuilder all = new StringBuilder();
                    for (Path log : logs.sorted().toList()) {
                        all.append(Files.readString(log));
                    }
                    Files.writeString(target, all);
                }
                System.out.printf("auto_explain log: %s%n", target);
            }
        } finally {
            delete(work);
        }
    }

    private static void delete(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (var paths = Files.walk(directory)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One Walmart seller per store, 5 orders each, credentials derived from the store's number. */
    private static List<WalmartSeller> sellers(WalmartSimulator walmart, int count) {
        List<WalmartSeller> sellers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sellers.add(walmart.registerSeller("list-" + i, "list-secret-" + i)
                    .generateOrders(SYNCED_PER_STORE, Duration.ofDays(3)));
        }
        return sellers;
    }

    /**
     * Signs each operator up, creates its token and its stores, lets each store's first sync finish, stops the
     * server.
     */
    private static State prepare(Path jar, Path work, int databasePort, WalmartSimulator walmart,
                                 List<WalmartSeller> sellers, List<Integer> owners, int operators) throws Exception {
        int port = BenchServer.freePort();
        Process server = startServer(jar, work, databasePort, walmart.baseUrl(), port, true, true);
        try {
            String base = "http://localhost:" + port;
            waitHealthy(base, server);
            long start = System.nanoTime();
            List<String> tokens = new ArrayList<>();
            List<String> stores = new ArrayList<>();
            List<BenchServer.Session> sessions = new ArrayList<>();
            for (int operator = 0; operator < operators; operator++) {
                BenchServer.Session session = BenchServer.Session.signedUp(base);
                sessions.add(session);
                tokens.add(session.createToken("list-benchmark"));
            }
            for (int i = 0; i < sellers.size(); i++) {
                WalmartSeller seller = sellers.get(i);
                stores.add(sessions.get(owners.get(i)).createStore("{\"marketplace\":\"WALMART\",\"name\":\"List "
                        + seller.clientId() + "\",\"credentials\":{\"clientId\":\"" + seller.clientId()
                        + "\",\"clientSecret\":\"" + seller.clientSecret() + "\"}}"));
            }
            Set<Integer> done = new HashSet<>();
            while (done.size() < stores.size()) {
                Thread.sleep(1000);
                for (int i = 0; i < stores.size(); i++) {
                    if (!done.contains(i) && sessions.get(owners.get(i)).get("/api/v1/stores/" + stores.get(i)
                            + "/sync-runs").contains("\"outcome\":\"SUCCEEDED\"")) {
                        done.add(i);
                    }
                }
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
                    throw new IllegalStateException("Not synced after 30 minutes: " + done.size() + " stores done");
                }
            }
            List<String> names = new ArrayList<>();
            for (WalmartSeller seller : sellers) {
                names.add(seller.order(seller.purchaseOrderId(0)).orElseThrow().shippingInfo().postalAddress().name());
            }
            System.out.printf("%d operators signed up, %d stores created and first-synced (%d orders each) in %.0f s%n",
                    operators, stores.size(), SYNCED_PER_STORE, (System.nanoTime() - start) / 1e9);
            return new State(tokens, stores, owners, names);
        } finally {
            stop(server);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Data

    /**
     * {@code perStore} orders per store, with their lines and buyers, generated inside PostgreSQL as the database owner
     * in one transaction ({@code list-load.sql}: {@code generate_series}, no round trip per row; the shape of the
     * orders is described there). Order ids, order numbers and SKUs are deterministic for the given stores.
     */
    private static void load(String owner, List<String> stores, int perStore) throws Exception {
        String script;
        try (var in = ListBenchmark.class.getResourceAsStream("list-load.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection db = DriverManager.getConnection(owner)) {
            db.setAutoCommit(false);
            try (Statement s = db.createStatement();
                 var numbered = db.prepareStatement("""
                         CREATE TEMP TABLE bench_store ON COMMIT DROP AS
                         SELECT s.id, (s.n - 1)::integer AS n FROM unnest(?::uuid[]) WITH ORDINALITY AS s(id, n)""")) {
                numbered.setArray(1, db.createArrayOf("uuid", stores.stream().map(UUID::fromString).toArray()));
                numbered.execute();
                for (String statement : script.split("\n;;\n")) {
                    String sql = statement.replace(":per_store", Integer.toString(perStore)).strip();
                    if (!sql.isEmpty() && !sql.lines().allMatch(line -> line.isBlank() || line.startsWith("--"))) {
                        s.execute(sql);
                    }
                }
            }
            db.commit();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Measurement

    private static void measure(String base, String owner, State state, int requests, int rounds, int clients,
                                Writer writer) throws Exception {
        System.out.printf("load average before measuring (1, 5, 15 min): %s%n", loadAverage());
        printTableState(owner);
        runClients(base, state, clients, new Random(7).nextLong(), Math.max(MIX.length * clients,
                Math.min(400, requests / 5)), null);
        Map<Boolean, Map<Kind, List<Long>>> samples = Map.of(true, emptySamples(), false, emptySamples());
        Map<Boolean, List<Double>> roundP95 = Map.of(true, new ArrayList<>(), false, new ArrayList<>());
        Map<Boolean, List<Double>> roundSeconds = Map.of(true, new ArrayList<>(), false, new ArrayList<>());
        long errors = 0;
        long syncsBefore;
        long ordersBefore;
        long writesBefore = writer.orders();
        long measureStart = System.nanoTime();
        try (Connection db = DriverManager.getConnection(owner)) {
            syncsBefore = count(db, "select count(*) from esm.sync_run");
            ordersBefore = count(db, "select count(*) from esm.customer_order");
            List<String> tables = rlsTables(db);
            try {
                for (int round = 1; round <= rounds; round++) {
                    for (boolean rls : new boolean[] {true, false}) {
                        setRls(db, tables, rls);
                        runClients(base, state, clients, 1000 + round, Math.max(MIX.length * clients,
                                Math.min(100, requests / 20)), null);
                        Map<Kind, List<Long>> pass = emptySamples();
                        long passStart = System.nanoTime();
                        errors += runClients(base, state, clients, round, requests, pass);
                        double passSeconds = (System.nanoTime() - passStart) / 1e9;
                        List<Long> all = new ArrayList<>();
                        pass.forEach((kind, values) -> {
                            samples.get(rls).get(kind).addAll(values);
                            all.addAll(values);
                        });
                        double p95 = percentile(all, 95);
                        roundP95.get(rls).add(p95);
                        roundSeconds.get(rls).add(passSeconds);
                        System.out.printf("round %d, RLS %s: %d requests in %.1f s (%.0f/s), p50 %.1f ms, p95 %.1f ms,"
                                        + " p99 %.1f ms%n", round, rls ? "on " : "off", all.size(), passSeconds,
                                all.size() / passSeconds, percentile(all, 50), p95, percentile(all, 99));
                    }
                }
            } finally {
                setRls(db, tables, true);
            }
            double seconds = (System.nanoTime() - measureStart) / 1e9;
            long syncs = count(db, "select count(*) from esm.sync_run") - syncsBefore;
            long written = count(db, "select count(*) from esm.customer_order") - ordersBefore;
            System.out.printf("during the measurement (%.0f s): the simulator added %d orders and moved others"
                            + " forward; the server ran %d syncs (%.1f/s) and stored %d new orders (%.1f/s)%n",
                    seconds, writer.orders() - writesBefore, syncs, syncs / seconds, written, written / seconds);
        }
        System.out.printf("%nGET /api/v1/orders, %d rounds x %d requests per mode, %d concurrent clients over loopback"
                + " (ms)%n", rounds, requests, clients);
        System.out.printf("%-16s %6s | %7s %7s %7s | %7s %7s %7s | %6s%n", "kind", "n", "on p50", "on p95", "on p99",
                "off p50", "off p95", "off p99", "p95 on/off");
        List<Long> allOn = new ArrayList<>();
        List<Long> allOff = new ArrayList<>();
        List<Long> scopedOn = new ArrayList<>();
        List<Long> scopedOff = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<Long> on = samples.get(true).get(kind);
            List<Long> off = samples.get(false).get(kind);
            allOn.addAll(on);
            allOff.addAll(off);
            if (kind == Kind.STORE || kind == Kind.STORE_STATUS) {
                scopedOn.addAll(on);
                scopedOff.addAll(off);
            }
            row(kind.name().toLowerCase(), on, off);
        }
        row("all", allOn, allOff);
        row("one store (same)", scopedOn, scopedOff);
        System.out.printf("p95 per round, RLS on: %s; off: %s; median %.1f / %.1f ms (goal p95 <= 50 ms with RLS on;"
                        + " on/off <= 1.10)%n", fmt(roundP95.get(true)), fmt(roundP95.get(false)),
                median(roundP95.get(true)), median(roundP95.get(false)));
        System.out.println("With RLS off the server lists every operator's stores (it relies on RLS for that), so only"
                + " the one-store requests do the same work in both modes.");
        System.out.printf("errors: %d%n", errors);
        System.out.printf("load average at the end (1, 5, 15 min): %s%n", loadAverage());
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet row = s.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** What autovacuum has done to the loaded tables so far (the benchmark neither vacuums nor analyzes). */
    private static void printTableState(String owner) throws Exception {
        try (Connection db = DriverManager.getConnection(owner); Statement s = db.createStatement();
             ResultSet rows = s.executeQuery("""
                     select relname, n_live_tup, n_dead_tup, last_autovacuum, last_autoanalyze, last_vacuum,
                            last_analyze from pg_stat_user_tables
                      where schemaname = 'esm' and relname in ('customer_order', 'order_line', 'order_buyer')
                      order by relname""")) {
            while (rows.next()) {
                System.out.printf("%s: live %d, dead %d, last autovacuum %s, last autoanalyze %s, last vacuum %s,"
                                + " last analyze %s%n", rows.getString(1), rows.getLong(2), rows.getLong(3),
                        rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7));
            }
        }
    }

    /** {@code clients} threads send {@code count} requests together; returns the requests that failed. */
    private static long runClients(String base, State state, int clients, long seed, int count,
                                   Map<Kind, List<Long>> into) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Client> all = new ArrayList<>();
        List<Map<Kind, List<Long>>> parts = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int c = 0; c < clients; c++) {
            Client client = new Client(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), base,
                    state);
            Map<Kind, List<Long>> part = into == null ? null : emptySamples();
            all.add(client);
            parts.add(part);
            Random random = new Random(seed * 31 + c);
            int share = count / clients + (c < count % clients ? 1 : 0);
            Thread thread = new Thread(() -> {
                try {
                    client.run(random, share, part);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "list-client-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        if (into != null) {
            for (Map<Kind, List<Long>> part : parts) {
                part.forEach((kind, values) -> into.get(kind).addAll(values));
            }
        }
        return all.stream().mapToLong(c -> c.errors).sum();
    }

    private static void row(String name, List<Long> on, List<Long> off) {
        System.out.printf("%-16s %6d | %7.1f %7.1f %7.1f | %7.1f %7.1f %7.1f | %6.2f%n", name, on.size(),
                percentile(on, 50), percentile(on, 95), percentile(on, 99), percentile(off, 50), percentile(off, 95),
                percentile(off, 99), percentile(on, 95) / percentile(off, 95));
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Map<Kind, List<Long>> emptySamples() {
        Map<Kind, List<Long>> map = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            map.put(kind, new ArrayList<>());
        }
        return map;
    }

    private static List<String> rlsTables(Connection db) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'esm' and c.relkind = 'r' and c.relrowsecurity order by 1""")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    /** Row-level security on (as the migrations leave it: enabled and forced) or off on every table that has it. */
    private static void setRls(Connection db, List<String> tables, boolean on) throws Exception {
        try (Statement s = db.createStatement()) {
            for (String table : tables) {
                s.execute("ALTER TABLE esm." + table + (on ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY");
            }
        }
    }

    /**
     * Keeps the syncs writing: about {@code rate} times a second a random seller gets one new order and one existing
     * order moved a step forward (shipped, delivered...), which the server's next sync of that store fetches and
     * writes.
     */
    private static final class Writer {

        private final List<WalmartSeller> sellers;
        private final double rate;
        private final java.util.concurrent.atomic.AtomicLong orders = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean running;
        private Thread thread;

        Writer(List<WalmartSeller> sellers, double rate) {
            this.sellers = sellers;
            this.rate = rate;
        }

        void start() {
            if (rate <= 0) {
                return;
            }
            running = true;
            Random random = new Random(99);
            thread = new Thread(() -> {
                long next = System.nanoTime();
                while (running) {
                    sellers.get(random.nextInt(sellers.size())).tick(1, 1);
                    orders.incrementAndGet();
                    next += (long) (1e9 / rate);
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "list-writer");
            thread.setDaemon(true);
            thread.start();
        }

        long orders() {
            return orders.get();
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(5000);
            }
        }
    }

    /**
     * Sends the mix one request at a time as one operator per cycle of the mix (a random one, then another); records
     * latencies per kind when {@code into} is given.
     */
    private static final class Client {

        private final HttpClient http;
        private final String base;
        private final State state;
        private String chainCursor;
        private String lastFirstPageCursor;
        private int operator;
        private List<Integer> own;
        long errors;

        Client(HttpClient http, String base, State state) {
            this.http = http;
            this.base = base;
            this.state = state;
        }

        void run(Random random, int count, Map<Kind, List<Long>> into) throws Exception {
            for (int i = 0; i < count; i++) {
                if (i % MIX.length == 0) {
                    operator = random.nextInt(state.tokens.size());
                    own = new ArrayList<>();
                    for (int s = 0; s < state.owners.size(); s++) {
                        if (state.owners.get(s) == operator) {
                            own.add(s);
                        }
                    }
                    chainCursor = null;
                    lastFirstPageCursor = null;
                }
                Kind kind = MIX[i % MIX.length];
                if (kind == Kind.NEXT_PAGE && chainCursor == null && lastFirstPageCursor == null) {
                    kind = Kind.FIRST_PAGE;
                }
                String query = query(kind, random);
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/orders" + query))
                        .header("Authorization", "Bearer " + state.tokens.get(operator)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long nanos = System.nanoTime() - start;
                if (response.statusCode() != 200) {
                    errors++;
                    if (errors <= 5) {
                        System.out.printf("HTTP %d for %s: %s%n", response.statusCode(), query,
                                response.body().substring(0, Math.min(300, response.body().length())));
                    }
                }
                Matcher next = NEXT.matcher(response.body());
                String cursor = next.find() ? next.group(1) : null;
                if (kind == Kind.FIRST_PAGE) {
                    lastFirstPageCursor = cursor;
                } else if (kind == Kind.NEXT_PAGE) {
                    chainCursor = cursor;
                }
                if (into != null) {
                    into.get(kind).add(nanos);
                }
            }
        }

        private String query(Kind kind, Random random) {
            int storeIndex = own.get(random.nextInt(own.size()));
            String store = state.stores.get(storeIndex);
            Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
            return switch (kind) {
                case FIRST_PAGE -> "";
                case NEXT_PAGE -> "?after=" + (chainCursor != null ? chainCursor : lastFirstPageCursor);
                case STORE -> "?store=" + store;
                case STORE_STATUS -> "?store=" + store + "&status=" + (random.nextBoolean() ? "UNSHIPPED" : "SHIPPED");
                case STATUS -> "?status=" + new String[] {"UNSHIPPED", "SHIPPED", "DELIVERED", "CANCELLED",
                    "PARTIALLY_SHIPPED", "PENDING"}[random.nextInt(6)];
                case LATE -> "?late=true";
                case AT_RISK -> "?atRisk=true";
                case SHIP_BY_WINDOW -> {
                    Instant from = today.minus(random.nextInt(21) - 7, ChronoUnit.DAYS);
                    yield "?shipByFrom=" + from + "&shipByTo=" + from.plus(7, ChronoUnit.DAYS);
                }
                case SEARCH_SKU -> "?q=" + String.format("SKU-%05d", random.nextInt(CATALOG));
                case SEARCH_ORDER_ID -> "?q=" + String.format("B%04d-%07d", storeIndex,
                        random.nextInt(Math.max(1, state.perStore())));
                case SEARCH_NAME -> "?q=" + URLEncoder.encode(random.nextInt(4) == 0 ? "Jordan Quillfeather"
                        : state.names.get(storeIndex), StandardCharsets.UTF_8);
            };
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    static double percentile(List<Long> nanos, double p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String fmt(List<Double> values) {
        return values.stream().map(v -> String.format("%.1f", v)).toList().toString();
    }

    /**
     * The server on the cluster; {@code setUp}: the first start, whose syncs only need to fetch each store's few
     * orders once (sync interval one hour); otherwise the shipped sync settings.
     */
    private static Process startServer(Path jar, Path work, int databasePort, String walmartUrl, int port,
                                       boolean scheduler, boolean setUp) throws IOException {
        byte[] key = masterKey;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Desm.connectors.walmart.base-url=" + walmartUrl, "-Desm.orders.sync.scheduler="
                + scheduler));
        if (setUp) {
            command.add("-Desm.orders.sync.interval=PT1H");
        }
        String extra = System.getProperty("bench.serverJvmArgs", BenchServer.SERVER_JVM_ARGS).strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ESM_DATABASE_URL", "jdbc:postgresql://localhost:" + databasePort + "/postgres");
        builder.environment().put("ESM_DATABASE_USER", "postgres");
        // the runtime role ESM creates at first start (the embedded cluster trusts local connections)
        builder.environment().put("ESM_DATABASE_APP_PASSWORD", "bench-runtime-role");
        builder.environment().put("ESM_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(key));
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("ESM_SANDBOX", "false");
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("server.log").toFile()));
        return builder.start();
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }

    private static void waitHealthy(String base, Process server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("The server exited during start-up");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The server did not become healthy");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    /**
     * What a kept cluster needs besides its data: the operators' tokens, the stores and their owners (by operator
     * number), the synced buyers' names (one per store), the orders per store, the master key.
     */
    private record State(List<String> tokens, List<String> stores, List<Integer> owners, List<String> names,
                         int perStore) {

        State(List<String> tokens, List<String> stores, List<Integer> owners, List<String> names) {
            this(tokens, stores, owners, names, 0);
        }

        State withPerStore(int orders) {
            return new State(tokens, stores, owners, names, orders);
        }

        static State read(Path file) throws IOException {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            masterKey = java.util.Base64.getDecoder().decode(p.getProperty("masterKey"));
            return new State(Arrays.asList(p.getProperty("tokens").split(",")),
                    Arrays.asList(p.getProperty("stores").split(",")),
                    Arrays.stream(p.getProperty("owners").split(",")).map(Integer::valueOf).toList(),
                    Arrays.asList(p.getProperty("names").split("\\|")), Integer.parseInt(p.getProperty("perStore")));
        }

        void write(Path file) throws IOException {
            Properties p = new Properties();
            p.setProperty("tokens", String.join(",", tokens));
            p.setProperty("stores", String.join(",", stores));
            p.setProperty("owners", String.join(",", owners.stream().map(String::valueOf).toList()));
            p.setProperty("names", String.join("|", names));
            p.setProperty("perStore", Integer.toString(perStore));
            p.setProperty("masterKey", java.util.Base64.getEncoder().encodeToString(masterKey));
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "ListBenchmark state");
            }
        }
    }
}
