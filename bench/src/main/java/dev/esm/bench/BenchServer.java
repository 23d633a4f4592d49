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

    /** A PostgreSQL 14 cluster of its own in {@code directory}, emptied first. */
    static EmbeddedPostgres postgres(Path directory) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200").start();
    }

    /**
     * Starts {@code jar} on the database {@code postgres} of {@code databasePort}, with {@code systemProperties}
     * ({@code -Dname=value}) and {@code -Dbench.serverJvmArgs}, logging to {@code work/server.log}; waits until
     * it is healthy.
     */
    static BenchServer start(Path jar, Path work, int databasePort, List<String> systemProperties) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
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
        Path log = work.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ESM_DATABASE_URL", "jdbc:postgresql://localhost:" + databasePort + "/postgres");
        builder.environment().put("ESM_DATABASE_USER", "postgres");
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
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
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
