package dev.esm.bench;

import java.io.IOException;
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
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * What the benchmarks against an external database share: a fresh PostgreSQL, the packaged server started as its own
 * process on it (production mode: {@code ESM_DATABASE_URL}, a master key, no sandbox), and a signed-in session.
 */
final class BenchServer implements AutoCloseable {

    static final String SERVER_JVM_ARGS = "-Xmx512m";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern TOKEN = Pattern.compile("id=\"new-token\"[^>]*>([^<]+)<");

    private final Process process;
    private final String baseUrl;
    private final Path log;

    private BenchServer(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    /** Whether {@code -Dbench.only} (comma-separated names) leaves this benchmark in; unset runs every benchmark. */
    static boolean selected(String benchmark) {
        String only = System.getProperty("bench.only", "").strip();
        if (only.isEmpty() || List.of(only.split("\\s*,\\s*")).contains(benchmark)) {
            return true;
        }
        System.out.println("Skipping the " + benchmark + " benchmark (-Dbench.only=" + only + ")");
        return false;
    }

    /** A PostgreSQL 14 cluster of its own in {@code directory}, emptied first, durable as in production. */
    static EmbeddedPostgres postgres(Path directory) throws IOException {
        EmbeddedPostgres postgres = durable(EmbeddedPostgres.builder().setDataDirectory(directory)
                .setCleanDataDirectory(true).setServerConfig("max_connections", "200")).start();
        printDurability(postgres.getPort());
        return postgres;
    }

    /**
     * Commits as a production server does: the embedded server's builder turns {@code synchronous_commit} off by
     * default (a commit returns before its WAL is flushed); every benchmark sets it, {@code fsync} and
     * {@code full_page_writes} back to PostgreSQL's defaults, on.
     */
    static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder) {
        return builder.setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on");
    }

    /** Prints the settings that make commits durable, as the running server reports them; fails unless all are on. */
    static void printDurability(int port) {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + port
                + "/postgres?user=postgres"); java.sql.Statement s = db.createStatement();
             java.sql.ResultSet row = s.executeQuery("select current_setting('synchronous_commit'),"
                     + " current_setting('fsync'), current_setting('full_page_writes'), version()")) {
            row.next();
            System.out.printf("PostgreSQL: synchronous_commit=%s, fsync=%s, full_page_writes=%s (%s)%n",
                    row.getString(1), row.getString(2), row.getString(3), row.getString(4).split(",")[0]);
            if (!"on".equals(row.getString(1)) || !"on".equals(row.getString(2)) || !"on".equals(row.getString(3))) {
                throw new IllegalStateException("PostgreSQL does not commit durably");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Median of values (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /**
     * Starts {@code jar} on the database {@code postgres} of {@code databasePort}, with {@code systemProperties}
     * ({@code -Dname=value}) and {@code -Dbench.serverJvmArgs}, logging to {@code work/server.log}; waits until
     * it is healthy.
     */
    static BenchServer start(Path jar, Path work, int databasePort, List<String> systemProperties) throws Exception {
        return start(jar, work, databasePort, systemProperties, masterKey(), "server.log");
    }

    /** A new random master key (32 bytes). */
    static byte[] masterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /**
     * As {@link #start(Path, Path, int, List)}, with the master key given (every node of one installation shares it)
     * and logging to {@code work/logName}.
     */
    static BenchServer start(Path jar, Path work, int databasePort, List<String> systemProperties, byte[] key,
                             String logName) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(systemProperties);
        // the heap docs/operations.md recommends for a node; e.g. -Dbench.serverJvmArgs="-Xmx512m
        // -XX:StartFlightRecording=filename=/tmp/sync.jfr" to profile the server, or "" for the JVM's defaults
        String extra = System.getProperty("bench.serverJvmArgs", SERVER_JVM_ARGS).strip();
        System.out.println("server JVM options: " + (extra.isEmpty() ? "(JVM defaults)" : extra));
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        int port = freePort();
        Path log = work.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ESM_DATABASE_URL", "jdbc:postgresql://localhost:" + databasePort + "/postgres");
        builder.environment().put("ESM_DATABASE_USER", "postgres");
        // the runtime role ESM creates at first start (the embedded cluster trusts local connections)
        builder.environment().put("ESM_DATABASE_APP_PASSWORD", "bench-runtime-role");
        builder.environment().put("ESM_MASTER_KEY", Base64.getEncoder().encodeToString(key));
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("ESM_SANDBOX", "false");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        BenchServer server = new BenchServer(builder.start(), "http://localhost:" + port, log);
        try {
            server.waitHealthy();
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    /** Signs a new operator up and in through the pages. */
    Session signUp() throws Exception {
        return Session.signedUp(baseUrl);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private void waitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10); // a busy 2-core machine
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                List<String> lines = Files.readAllLines(log);
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
                throw new IllegalStateException("The server exited during start-up; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The server did not become healthy; see " + log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A signed-in browser-like session: cookie, CSRF token from the pages. */
    record Session(String base, HttpClient http, String csrf) {

        static Session signedUp(String base) throws Exception {
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            String email = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            String password = "benchmark operator passphrase";
            post(http, base, "/signup", csrf(http, base, "/signup"), "name=Bench&email=" + enc(email) + "&password=" + enc(password));
            post(http, base, "/login", csrf(http, base, "/login"), "username=" + enc(email) + "&password=" + enc(password));
            return new Session(base, http, csrf(http, base, "/stores"));
        }

        /** {@code POST /api/v1/stores} with {@code json}; returns the new store's id. */
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

        /** A JSON API call; fails unless the answer has one of the expected statuses. */
        String call(String method, String path, String json, int... expected) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Accept", "application/json").header("X-CSRF-TOKEN", csrf);
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.method(method, json == null
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (int status : expected) {
                if (response.statusCode() == status) {
                    return response.body();
                }
            }
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }

        /** The first {@code "id"} in a JSON answer. */
        String id(String body) {
            Matcher id = ID.matcher(body);
            if (!id.find()) {
                throw new IllegalStateException("No id in " + body);
            }
            return id.group(1);
        }

        /** A personal API token, created on the account page; its secret is shown once, on the page after. */
        String createToken(String name) throws Exception {
            post(http, base, "/account/tokens", csrf(http, base, "/account"), "name=" + enc(name));
            Matcher token = TOKEN.matcher(get("/account"));
            if (!token.find()) {
                throw new IllegalStateException("No new token on the account page");
            }
            return token.group(1).strip();
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
