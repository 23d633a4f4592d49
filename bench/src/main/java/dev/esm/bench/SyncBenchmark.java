package dev.esm.bench;

import java.io.IOException;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.ServerSocket;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
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
 * Initial order sync, end to end: the packaged server (its own process, on a PostgreSQL started for the run) syncs
 * {@code stores} Walmart stores of {@code ordersPerStore} orders each from the Walmart simulator with quotas off.
 * Reports orders per second from the first store's creation until every store's first sync has succeeded, the
 * server's peak resident memory, and, as a baseline in the same run, how fast {@code COPY} loads the same number of
 * rows into the same orders table.
 */
public final class SyncBenchmark {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "server/target/esm.jar").toAbsolutePath().normalize();
        int storeCount = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int perStore = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Path work = Files.createTempDirectory("esm-sync-bench-");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg"))
                .setCleanDataDirectory(true).setServerConfig("max_connections", "200").start();
             WalmartSimulator walmart = new WalmartSimulator().setQuotasEnabled(false).start()) {
            List<WalmartSeller> sellers = new ArrayList<>();
            for (int i = 0; i < storeCount; i++) {
                sellers.add(walmart.registerSeller("bench-" + i, "bench-secret-" + i).generateOrders(perStore, Duration.ofDays(14)));
            }
            int port = freePort();
            Process server = startServer(jar, work, postgres.getPort(), walmart.baseUrl(), port);
            try {
                String base = "http://localhost:" + port;
                waitHealthy(base, server);
                Session session = Session.signedUp(base);
                Path postmasterPid = work.resolve("pg").resolve("postmaster.pid");
                CpuTimes cpuBefore = CpuTimes.of(server, postmasterPid);
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
                    peakRss = Math.max(peakRss, rssKib(server.pid(), "VmRSS"));
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
                CpuTimes cpu = CpuTimes.of(server, postmasterPid).minus(cpuBefore);
                long total = (long) storeCount * perStore;
                peakRss = Math.max(peakRss, rssKib(server.pid(), "VmHWM"));
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
                try (var lines = Files.lines(work.resolve("server.log"))) {
                    lines.filter(line -> line.contains("Sync of store") || line.contains("PROFILE")).forEach(System.out::println);
                }
            } finally {
                server.destroy();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        } finally {
            try (var paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Process startServer(Path jar, Path work, int databasePort, String walmartUrl, int port)
            throws IOException {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Desm.connectors.walmart.base-url=" + walmartUrl, "-Desm.orders.sync.interval=PT1H"));
        // e.g. -Dbench.serverJvmArgs="-XX:StartFlightRecording=filename=/tmp/sync.jfr" to profile the server
        String extra = System.getProperty("bench.serverJvmArgs", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ESM_DATABASE_URL", "jdbc:postgresql://localhost:" + databasePort + "/postgres");
        builder.environment().put("ESM_DATABASE_USER", "postgres");
        builder.environment().put("ESM_MASTER_KEY", Base64.getEncoder().encodeToString(key));
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("ESM_SANDBOX", "false");
        builder.redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile());
        return builder.start();
    }

    private static void waitHealthy(String base, Process server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A signed-in browser-like session: cookie, CSRF token from the pages. */
    private record Session(String base, HttpClient http, String csrf) {

        static Session signedUp(String base) throws Exception {
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            String email = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            String password = "benchmark operator passphrase";
            post(http, base, "/signup", csrf(http, base, "/signup"), "name=Bench&email=" + enc(email) + "&password=" + enc(password));
            post(http, base, "/login", csrf(http, base, "/login"), "username=" + enc(email) + "&password=" + enc(password));
            return new Session(base, http, csrf(http, base, "/stores"));
        }

        String createStore(String json) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/stores"))
                    .header("Content-Type", "application/json").header("X-CSRF-TOKEN", csrf)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(response.body());
            if (response.statusCode() != 201 || !id.find()) {
                throw new IllegalStateException("Could not create a store: HTTP " + response.statusCode());
            }
            return id.group(1);
        }

        String get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }

        private static String csrf(HttpClient http, String base, String path) throws Exception {
            Matcher matcher = CSRF.matcher(http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (!matcher.find()) {
                throw new IllegalStateException("No CSRF token on " + path);
            }
            return matcher.group(1);
        }

        private static void post(HttpClient http, String base, String path, String csrf, String form) throws Exception {
            http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + enc(csrf))).build(),
                    HttpResponse.BodyHandlers.discarding());
        }

        private static String enc(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
