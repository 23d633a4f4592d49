package dev.esm.bench;

import java.io.IOException;
import java.io.StringReader;
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
import java.util.HexFormat;
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
import org.postgresql.PGConnection;

import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;

/**
 * The order list API ({@code GET /api/v1/orders}) at {@code stores} x {@code ordersPerStore} orders, over loopback,
 * one client, with row-level security on and off in the same run.
 *
 * <p>Set-up: a PostgreSQL 14 (embedded) and the packaged server as its own process. One operator signs up through
 * the pages and creates a personal API token; it adds {@code stores} Walmart stores whose first sync (a few orders
 * each, from the Walmart simulator) gives every store its data key, its index key and a few real buyers. The server
 * is stopped, {@code ordersPerStore} orders per store (1-3 lines and a sealed-looking buyer each) are loaded with
 * {@code COPY} as the database owner, and the tables are vacuumed and analyzed. The server is started again with its
 * sync scheduler off, so nothing but the measured requests touches the database.
 *
 * <p>Measurement: a fixed mix of requests (first page, following {@code next}, by store, by store and status, by
 * status, late, at risk, ship-by window, search by SKU, by order id and by buyer name), sent one at a time with the
 * token; after a warm-up, {@code rounds} rounds each of {@code requests} requests with RLS on, then the same requests
 * with RLS disabled on every table (ALTER TABLE ... DISABLE ROW LEVEL SECURITY as the owner), then re-enabled.
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
        int storeCount = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int perStore = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        String keep = args.length > 5 && args[5] != null && !args[5].isBlank() && !args[5].equals("-") ? args[5].strip() : "";
        boolean explain = args.length > 6 && Boolean.parseBoolean(args[6]);
        Path work = Files.createTempDirectory("esm-list-bench-");
        Path dataDir = keep.isEmpty() ? work.resolve("pg") : Path.of(keep).toAbsolutePath();
        Path stateFile = dataDir.resolveSibling(dataDir.getFileName() + ".state");
        boolean reuse = !keep.isEmpty() && Files.exists(stateFile);
        if (!keep.isEmpty() && !reuse) {
            delete(dataDir);
        }
        // zonky deletes a "clean" data directory when it stops: a kept cluster is never "clean"
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDir)
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
        try (EmbeddedPostgres postgres = builder.start()) {
            String owner = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres";
            State state;
            if (reuse) {
                state = State.read(stateFile);
                System.out.printf("reusing the loaded cluster in %s%n", dataDir);
            } else {
                state = prepare(jar, work, postgres.getPort(), owner, storeCount);
                long loadStart = System.nanoTime();
                load(owner, state.stores, perStore);
                System.out.printf("COPY of %d orders (+ lines, buyers) and VACUUM ANALYZE: %.0f s%n",
                        (long) storeCount * perStore, (System.nanoTime() - loadStart) / 1e9);
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
            Process server = startServer(jar, work, postgres.getPort(), "http://127.0.0.1:9", port, false);
            try {
                String base = "http://localhost:" + port;
                waitHealthy(base, server);
                System.out.printf("server start (migrations included): %.1f s%n", (System.nanoTime() - startAt) / 1e9);
                measure(base, owner, state, requests, rounds);
            } finally {
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

    /** Signs up, creates the token and the stores, lets each store's first sync finish, stops the server. */
    private static State prepare(Path jar, Path work, int databasePort, String owner, int storeCount) throws Exception {
        try (WalmartSimulator walmart = new WalmartSimulator().setQuotasEnabled(false).start()) {
            List<WalmartSeller> sellers = new ArrayList<>();
            for (int i = 0; i < storeCount; i++) {
                sellers.add(walmart.registerSeller("list-" + i, "list-secret-" + i)
                        .generateOrders(SYNCED_PER_STORE, Duration.ofDays(3)));
            }
            int port = BenchServer.freePort();
            Process server = startServer(jar, work, databasePort, walmart.baseUrl(), port, true);
            try {
                String base = "http://localhost:" + port;
                waitHealthy(base, server);
                BenchServer.Session session = BenchServer.Session.signedUp(base);
                String token = session.createToken("list-benchmark");
                List<String> stores = new ArrayList<>();
                for (WalmartSeller seller : sellers) {
                    stores.add(session.createStore("{\"marketplace\":\"WALMART\",\"name\":\"List " + seller.clientId()
                            + "\",\"credentials\":{\"clientId\":\"" + seller.clientId() + "\",\"clientSecret\":\""
                            + seller.clientSecret() + "\"}}"));
                }
                long start = System.nanoTime();
                Set<String> done = new HashSet<>();
                while (done.size() < stores.size()) {
                    Thread.sleep(500);
                    for (String store : stores) {
                        if (!done.contains(store) && session.get("/api/v1/stores/" + store + "/sync-runs")
                                .contains("\"outcome\":\"SUCCEEDED\"")) {
                            done.add(store);
                        }
                    }
                    if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
                        throw new IllegalStateException("Not synced after 10 minutes: " + done.size() + " stores done");
                    }
                }
                List<String> names = new ArrayList<>();
                for (WalmartSeller seller : sellers) {
                    names.add(seller.order(seller.purchaseOrderId(0)).orElseThrow().shippingInfo().postalAddress().name());
                }
                System.out.printf("signed up, %d stores created and first-synced (%d orders each) in %.0f s%n",
                        storeCount, SYNCED_PER_STORE, (System.nanoTime() - start) / 1e9);
                return new State(token, stores, names);
            } finally {
                stop(server);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Data

    /**
     * {@code perStore} orders per store: ordered over the past year; open (unshipped, partially shipped, pending)
     * mostly in the last days, a few late ones older; ship-by one to seven days after the order; 1-3 lines from the
     * store's part of a catalog of {@value #CATALOG} SKUs; a sealed-looking buyer with a two-word name index.
     */
    private static void load(String owner, List<String> stores, int perStore) throws Exception {
        Random random = new Random(42);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HexFormat hex = HexFormat.of();
        try (Connection db = DriverManager.getConnection(owner)) {
            var copy = db.unwrap(PGConnection.class).getCopyAPI();
            for (int s = 0; s < stores.size(); s++) {
                String store = stores.get(s);
                StringBuilder orders = new StringBuilder(perStore * 320);
                StringBuilder lines = new StringBuilder(perStore * 260);
                StringBuilder buyers = new StringBuilder(perStore * 500);
                for (int i = 0; i < perStore; i++) {
                    UUID id = new UUID(random.nextLong(), random.nextLong());
                    long ageSeconds = (long) (random.nextDouble() * 365 * 86_400);
                    Instant orderedAt = now.minusSeconds(ageSeconds);
                    double draw = random.nextDouble();
                    String status;
                    if (ageSeconds < 3 * 86_400) {
                        status = draw < 0.70 ? "UNSHIPPED" : draw < 0.75 ? "PARTIALLY_SHIPPED" : draw < 0.80 ? "PENDING"
                                : draw < 0.83 ? "CANCELLED" : "SHIPPED";
                    } else if (ageSeconds < 14 * 86_400) {
                        status = draw < 0.05 ? "UNSHIPPED" : draw < 0.06 ? "PARTIALLY_SHIPPED" : draw < 0.09 ? "CANCELLED"
                                : draw < 0.60 ? "SHIPPED" : "DELIVERED";
                    } else {
                        status = draw < 0.05 ? "CANCELLED" : draw < 0.08 ? "SHIPPED" : "DELIVERED";
                    }
                    Instant shipBy = orderedAt.plusSeconds(86_400 + random.nextInt(6 * 86_400));
                    Instant deliverBy = shipBy.plusSeconds(2 * 86_400 + random.nextInt(5 * 86_400));
                    double lineDraw = random.nextDouble();
                    int lineCount = lineDraw < 0.6 ? 1 : lineDraw < 0.9 ? 2 : 3;
                    StringBuilder skus = new StringBuilder();
                    long totalCents = 0;
                    for (int l = 1; l <= lineCount; l++) {
                        double r = random.nextDouble();
                        int sku = (s * 29 + (int) (300 * r * r)) % CATALOG;
                        int quantity = 1 + (random.nextInt(10) == 0 ? random.nextInt(3) : 0);
                        long cents = 499 + 100L * (sku % 90);
                        totalCents += cents * quantity;
                        String code = String.format("SKU-%05d", sku);
                        skus.append(l == 1 ? "" : ",").append(code);
                        lines.append(id).append(',').append(store).append(',').append(l).append(',').append(code)
                                .append(",\"Product ").append(code).append(" (bench)\",").append(quantity).append(',')
                                .append(cents / 100).append('.').append(String.format("%02d", cents % 100)).append(',')
                                .append(status).append('\n');
                    }
                    byte[] hash = new byte[32];
                    random.nextBytes(hash);
                    orders.append(id).append(',').append(store).append(',')
                            .append(String.format("B%03d-%07d", s, i)).append(',').append(status).append(',')
                            .append(marketplaceStatus(status)).append(',').append(orderedAt).append(',').append(shipBy)
                            .append(',').append(deliverBy).append(',').append(orderedAt.plusSeconds(3_600)).append(",USD,")
                            .append(totalCents / 100).append('.').append(String.format("%02d", totalCents % 100))
                            .append(",\"{").append(skus).append("}\",\\x").append(hex.formatHex(hash)).append('\n');
                    byte[] sealed = new byte[160 + random.nextInt(80)];
                    random.nextBytes(sealed);
                    byte[] word1 = new byte[16];
                    byte[] word2 = new byte[16];
                    random.nextBytes(word1);
                    random.nextBytes(word2);
                    buyers.append(id).append(',').append(store).append(",\\x").append(hex.formatHex(sealed))
                            .append(",\"{").append(hex.formatHex(word1)).append(',').append(hex.formatHex(word2))
                            .append("}\"\n");
                }
                copy.copyIn("""
                        COPY esm.customer_order (id, store_id, marketplace_order_id, status, marketplace_status,
                             ordered_at, ship_by, deliver_by, marketplace_updated_at, currency, total, skus, content_hash)
                        FROM STDIN WITH (FORMAT csv)""", new StringReader(orders.toString()));
                copy.copyIn("""
                        COPY esm.order_line (order_id, store_id, line_number, sku, title, quantity, unit_price, status)
                        FROM STDIN WITH (FORMAT csv)""", new StringReader(lines.toString()));
                copy.copyIn("COPY esm.order_buyer (order_id, store_id, sealed, name_index) FROM STDIN WITH (FORMAT csv)",
                        new StringReader(buyers.toString()));
            }
            try (Statement statement = db.createStatement()) {
                statement.execute("VACUUM ANALYZE esm.customer_order");
                statement.execute("VACUUM ANALYZE esm.order_line");
                statement.execute("VACUUM ANALYZE esm.order_buyer");
                statement.execute("ANALYZE");
            }
        }
    }

    private static String marketplaceStatus(String status) {
        return switch (status) {
            case "UNSHIPPED", "PENDING" -> "Created";
            case "PARTIALLY_SHIPPED", "SHIPPED" -> "Shipped";
            case "DELIVERED" -> "Delivered";
            default -> "Cancelled";
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Measurement

    private static void measure(String base, String owner, State state, int requests, int rounds) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Client client = new Client(http, base, state);
        System.out.printf("load average before measuring (1, 5, 15 min): %s%n", loadAverage());
        client.run(new Random(7), Math.max(MIX.length, Math.min(400, requests / 5)), null);
        Map<Boolean, Map<Kind, List<Long>>> samples = Map.of(true, emptySamples(), false, emptySamples());
        Map<Boolean, List<Double>> roundP95 = Map.of(true, new ArrayList<>(), false, new ArrayList<>());
        try (Connection db = DriverManager.getConnection(owner)) {
            List<String> tables = rlsTables(db);
            try {
                for (int round = 1; round <= rounds; round++) {
                    for (boolean rls : new boolean[] {true, false}) {
                        setRls(db, tables, rls);
                        client.run(new Random(1000 + round), Math.max(MIX.length, Math.min(100, requests / 20)), null);
                        Map<Kind, List<Long>> pass = emptySamples();
                        client.run(new Random(round), requests, pass);
                        List<Long> all = new ArrayList<>();
                        pass.forEach((kind, values) -> {
                            samples.get(rls).get(kind).addAll(values);
                            all.addAll(values);
                        });
                        double p95 = percentile(all, 95);
                        roundP95.get(rls).add(p95);
                        System.out.printf("round %d, RLS %s: %d requests, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n",
                                round, rls ? "on " : "off", all.size(), percentile(all, 50), p95, percentile(all, 99));
                    }
                }
            } finally {
                setRls(db, tables, true);
            }
        }
        System.out.printf("%nGET /api/v1/orders, %d rounds x %d requests per mode, one client over loopback (ms)%n",
                rounds, requests);
        System.out.printf("%-16s %6s | %7s %7s %7s | %7s %7s %7s | %6s%n", "kind", "n", "on p50", "on p95", "on p99",
                "off p50", "off p95", "off p99", "p95 on/off");
        List<Long> allOn = new ArrayList<>();
        List<Long> allOff = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<Long> on = samples.get(true).get(kind);
            List<Long> off = samples.get(false).get(kind);
            allOn.addAll(on);
            allOff.addAll(off);
            row(kind.name().toLowerCase(), on, off);
        }
        row("all", allOn, allOff);
        System.out.printf("p95 per round, RLS on: %s; off: %s; median %.1f / %.1f ms (goal p95 <= 50 ms)%n",
                fmt(roundP95.get(true)), fmt(roundP95.get(false)), median(roundP95.get(true)),
                median(roundP95.get(false)));
        System.out.printf("errors: %d%n", client.errors);
        System.out.printf("load average at the end (1, 5, 15 min): %s%n", loadAverage());
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

    /** Sends the mix one request at a time; records latencies per kind when {@code into} is given. */
    private static final class Client {

        private final HttpClient http;
        private final String base;
        private final State state;
        private final List<String> orderIds = new ArrayList<>();
        private String chainCursor;
        private String lastFirstPageCursor;
        private int chainDepth;
        long errors;

        Client(HttpClient http, String base, State state) {
            this.http = http;
            this.base = base;
            this.state = state;
            for (int s = 0; s < state.stores.size(); s++) {
                orderIds.add(String.format("B%03d-", s));
            }
        }

        void run(Random random, int count, Map<Kind, List<Long>> into) throws Exception {
            chainCursor = null;
            lastFirstPageCursor = null;
            chainDepth = 0;
            for (int i = 0; i < count; i++) {
                Kind kind = MIX[i % MIX.length];
                if (kind == Kind.NEXT_PAGE && chainCursor == null && lastFirstPageCursor == null) {
                    kind = Kind.FIRST_PAGE;
                }
                String query = query(kind, random);
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/orders" + query))
                        .header("Authorization", "Bearer " + state.token).build(), HttpResponse.BodyHandlers.ofString());
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
                    chainDepth++;
                }
                if (into != null) {
                    into.get(kind).add(nanos);
                }
            }
        }

        private String query(Kind kind, Random random) {
            String store = state.stores.get(random.nextInt(state.stores.size()));
            Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
            return switch (kind) {
                case FIRST_PAGE -> "";
                case NEXT_PAGE -> {
                    // page 2..20 of the unfiltered list, then again from the latest first page
                    if (chainCursor == null || chainDepth >= 19) {
                        chainCursor = lastFirstPageCursor;
                        chainDepth = 0;
                    }
                    yield "?after=" + chainCursor;
                }
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
                case SEARCH_ORDER_ID -> "?q=" + orderIds.get(random.nextInt(orderIds.size()))
                        + String.format("%07d", random.nextInt(10_000));
                case SEARCH_NAME -> "?q=" + URLEncoder.encode(random.nextInt(4) == 0 ? "Jordan Quillfeather"
                        : state.names.get(random.nextInt(state.names.size())), StandardCharsets.UTF_8);
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

    private static Process startServer(Path jar, Path work, int databasePort, String walmartUrl, int port,
                                       boolean scheduler) throws IOException {
        byte[] key = masterKey;
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Desm.connectors.walmart.base-url=" + walmartUrl, "-Desm.orders.sync.interval=PT1H",
                "-Desm.orders.sync.scheduler=" + scheduler, "-jar", jar.toString());
        builder.environment().put("ESM_DATABASE_URL", "jdbc:postgresql://localhost:" + databasePort + "/postgres");
        builder.environment().put("ESM_DATABASE_USER", "postgres");
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

    /** What a kept cluster needs besides its data: the token, the stores, the synced buyers' names, the master key. */
    private record State(String token, List<String> stores, List<String> names) {

        static State read(Path file) throws IOException {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            masterKey = java.util.Base64.getDecoder().decode(p.getProperty("masterKey"));
            return new State(p.getProperty("token"), Arrays.asList(p.getProperty("stores").split(",")),
                    Arrays.asList(p.getProperty("names").split("\\|")));
        }

        void write(Path file) throws IOException {
            Properties p = new Properties();
            p.setProperty("token", token);
            p.setProperty("stores", String.join(",", stores));
            p.setProperty("names", String.join("|", names));
            p.setProperty("masterKey", java.util.Base64.getEncoder().encodeToString(masterKey));
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "ListBenchmark state");
            }
        }
    }
}
