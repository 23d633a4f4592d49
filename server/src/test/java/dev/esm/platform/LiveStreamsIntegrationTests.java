package dev.esm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.accounts.ApiTokens;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.ShippingSettings;
import dev.esm.shipping.TestShipping;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.shipping.spi.LabelFormat;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;

/**
 * Live progress streams (server-sent events) through the real server and database: clients that leave take nothing
 * with them (no thread, no poll left behind), an operator's streams are capped with a 429, and a client that stays
 * gets {@code progress} and {@code finished} as before, over an API token or a session. Neither a client leaving nor a
 * stream ending logs an error.
 */
@ExtendWith(OutputCaptureExtension.class)
class LiveStreamsIntegrationTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Threads the JVM may have more than before for reasons of its own (pools that have not shrunk yet). */
    private static final int THREAD_SLACK = 25;

    @Autowired
    ApiTokens tokens;
    @Autowired
    Stores stores;
    @Autowired
    SyncOrders syncOrders;
    @Autowired
    TestShipping shipping;
    @Autowired
    ShippingSettings settings;
    @Autowired
    ApplicationContext context;

    private record Follower(TestOperator operator, UUID store, String token) {
        String path() {
            return "/api/v1/stores/" + store + "/sync-runs/live";
        }
    }

    /**
     * A raw connection with a stream request sent on it: closing it is a client leaving, as a closed tab does. The
     * response head is read as it comes ({@link #awaitHead}).
     */
    private static final class OpenStream implements AutoCloseable {
        final Socket socket;
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        boolean complete;

        OpenStream(Socket socket) {
            this.socket = socket;
        }

        /** Reads the response head for up to {@code millis}; true once it is complete. */
        boolean awaitHead(int millis) throws IOException {
            socket.setSoTimeout(millis);
            InputStream in = socket.getInputStream();
            try {
                while (!complete) {
                    int b = in.read();
                    if (b < 0) {
                        complete = true;
                        break;
                    }
                    head.write(b);
                    complete = head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n");
                }
            } catch (SocketTimeoutException e) {
                return false;
            }
            return true;
        }

        String head() {
            return head.toString(StandardCharsets.US_ASCII);
        }

        int status() {
            String text = head();
            return complete && text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void fiveHundredStreamsOpenedAndDroppedLeaveNeitherThreadsNorDatabaseWorkBehind(CapturedOutput output)
            throws Exception {
        List<Follower> followers = new ArrayList<>();
        for (int i = 0; i < 50; i++) { // 10 streams each: the per-operator cap
            followers.add(follower("Stream Watcher " + i));
        }
        try (Connection db = DatabaseAccess.runtimeRole(context)) {
            Thread.sleep(2_000); // let the set-up's own work settle
            int baseThreads = threads();
            double baseRate = transactionsPerSecond(db, Duration.ofSeconds(4));
            System.out.printf("Baseline: %d threads, %.1f transactions/s%n", baseThreads, baseRate);

            List<OpenStream> open = new ArrayList<>();
            try {
                for (Follower follower : followers) {
                    for (int i = 0; i < 10; i++) {
                        OpenStream stream = send(follower.path(), follower.token());
                        open.add(stream);
                        stream.awaitHead(200); // one at a time, as far as the server answers at once
                    }
                }
                Thread.sleep(1_000);
                int openThreads = threads();
                System.out.printf("500 streams open: %d threads, %.1f transactions/s%n", openThreads,
                        transactionsPerSecond(db, Duration.ofSeconds(2)));
                assertThat(openThreads).as("no thread per stream").isLessThanOrEqualTo(baseThreads + THREAD_SLACK);
                for (OpenStream stream : open) {
                    stream.awaitHead(10_000);
                    assertThat(stream.status()).as(stream.head()).isEqualTo(200);
                    assertThat(stream.head().toLowerCase()).contains("content-type: text/event-stream");
                }
            } finally {
                for (OpenStream stream : open) {
                    stream.close();
                }
            }

            long dropped = System.nanoTime();
            double rateLimit = Math.max(baseRate * 2, baseRate + 10);
            List<long[]> samples = new ArrayList<>(); // {nanos, transactions}
            int threadsNow;
            double rateNow = Double.NaN;
            boolean back = false;
            do {
                Thread.sleep(500);
                long now = System.nanoTime();
                samples.add(new long[] {now, transactions(db)});
                threadsNow = threads();
                long[] windowStart = samples.stream().filter(s -> now - s[0] >= Duration.ofSeconds(2).toNanos())
                        .reduce((a, b) -> b).orElse(null);
                if (windowStart != null) {
                    long[] latest = samples.get(samples.size() - 1);
                    rateNow = (latest[1] - windowStart[1]) * 1e9 / (latest[0] - windowStart[0]);
                    back = threadsNow <= baseThreads + THREAD_SLACK && rateNow <= rateLimit;
                }
            } while (!back && System.nanoTime() - dropped < Duration.ofSeconds(10).toNanos());
            System.out.printf("%d ms after the drop: %d threads, %.1f transactions/s%n",
                    (System.nanoTime() - dropped) / 1_000_000, threadsNow, rateNow);
            assertThat(threadsNow).as("threads back to the baseline within 10 s of the clients leaving")
                    .isLessThanOrEqualTo(baseThreads + THREAD_SLACK);
            assertThat(rateNow).as("database transactions back to the baseline (%.1f/s) within 10 s", baseRate)
                    .isLessThanOrEqualTo(rateLimit);
        }
        assertNoErrorLogged(output);
    }

    @Test
    void anOperatorBeyondTheCapGets429AndAStreamThatEndsGivesItsPlaceBack(CapturedOutput output) throws Exception {
        Follower greedy = follower("Greedy Watcher");
        UUID secondStore = ActingOperator.runAs(greedy.operator().id(),
                () -> stores.add(Marketplace.EBAY, "Second shop", null, "test").id());
        Follower other = follower("Other Watcher");
        List<OpenStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                open.add(open(greedy.path(), greedy.token()));
                assertThat(open.get(i).status()).isEqualTo(200);
            }
            HttpResponse<String> refused = get(greedy.path(), greedy.token());
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.path("status").asInt()).isEqualTo(429);
            assertThat(problem.path("code").asString()).isEqualTo("too-many-live-streams");
            // the cap is the operator's, whatever the stream: another store of theirs is refused too
            assertThat(get("/api/v1/stores/" + secondStore + "/sync-runs/live", greedy.token()).statusCode())
                    .isEqualTo(429);
            // another operator is not affected
            try (OpenStream others = open(other.path(), other.token())) {
                assertThat(others.status()).isEqualTo(200);
            }

            open.remove(0).close();
            long left = System.nanoTime();
            OpenStream again = null;
            while (System.nanoTime() - left < Duration.ofSeconds(10).toNanos()) {
                OpenStream attempt = open(greedy.path(), greedy.token());
                if (attempt.status() == 200) {
                    again = attempt;
                    break;
                }
                attempt.close();
                Thread.sleep(500);
            }
            assertThat(again).as("a place is free again within 10 s of a client leaving").isNotNull();
            open.add(again);
            System.out.printf("Place given back %d ms after the client left%n", (System.nanoTime() - left) / 1_000_000);
        } finally {
            for (OpenStream stream : open) {
                stream.close();
            }
        }
        assertNoErrorLogged(output);
    }

    @Test
    void aClientThatStaysGetsTheSyncsProgressThenFinishedAndTheStreamEnds(CapturedOutput output) throws Exception {
        TestOperator owner = operators.create("Patient Watcher");
        String clientId = "live-" + UUID.randomUUID();
        WalmartSeller seller = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        seller.generateOrders(1000, Duration.ofDays(10)); // five pages
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Watched",
                new StoreCredentials.Walmart(clientId, seller.clientSecret()), "test").id());
        String token = ActingOperator.runAs(owner.id(), () -> tokens.create(owner.id(), "live", "test").secret());

        String path = "/api/v1/stores/" + store + "/sync-runs/live";
        CompletableFuture<List<String[]>> first = events(path, token);
        CompletableFuture<List<String[]>> second = events(path, token); // the same poll serves both
        Thread.sleep(1_000);
        TestSandbox.walmart().faults().setLatencyMillis(400);
        try {
            ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store));
        } finally {
            TestSandbox.walmart().faults().setLatencyMillis(0);
        }
        for (CompletableFuture<List<String[]>> stream : List.of(first, second)) {
            List<String[]> events = stream.get(30, TimeUnit.SECONDS); // complete: the server ended the stream
            assertThat(events).isNotEmpty();
            String[] last = events.get(events.size() - 1);
            assertThat(last[0]).isEqualTo("finished");
            JsonNode run = JSON.readTree(last[1]);
            assertThat(run.path("outcome").asString()).isEqualTo("SUCCEEDED");
            assertThat(run.path("ordersChanged").asInt()).isEqualTo(1000);
            List<String[]> before = events.subList(0, events.size() - 1);
            assertThat(before).as("progress while the run is under way").isNotEmpty()
                    .allSatisfy(event -> assertThat(event[0]).isEqualTo("progress"));
            assertThat(before).allSatisfy(event -> assertThat(JSON.readTree(event[1]).path("outcome").asString())
                    .isEqualTo("RUNNING"));
        }
        assertNoErrorLogged(output);
    }

    @Test
    void aSignedInPageFollowingALabelBatchGetsFinishedWithItsCounts(CapturedOutput output) throws Exception {
        Shop shop = shipping.shop("Batch Watcher", 3);
        shop.as(() -> {
            settings.setDefaults(shop.store(), new DefaultsCommand("Priority", LabelFormat.PDF), "test");
            return null;
        });
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        String orderIds = shop.orders().stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
        var created = web.api("POST", "/api/v1/label-batches", "{\"orderIds\":[" + orderIds + "]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asString();

        // as the batch page's EventSource does, with the session: the whole stream, ended by the server
        var stream = web.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/label-batches/" + id + "/live"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).GET());
        assertThat(stream.status()).isEqualTo(200);
        List<String[]> events = parse(stream.body().lines().toList());
        assertThat(events).isNotEmpty();
        String[] last = events.get(events.size() - 1);
        assertThat(last[0]).isEqualTo("finished");
        JsonNode batch = JSON.readTree(last[1]);
        assertThat(batch.path("purchased").asInt()).isEqualTo(3);
        assertThat(batch.path("total").asInt()).isEqualTo(3);
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(event -> assertThat(event[0]).isEqualTo("progress"));
        assertNoErrorLogged(output);
    }

    private static void assertNoErrorLogged(CapturedOutput output) {
        assertThat(output.getAll()).doesNotContain("Servlet.service()", "API request failed");
    }

    private Follower follower(String name) {
        TestOperator operator = operators.create(name);
        return ActingOperator.runAs(operator.id(), () -> {
            UUID store = stores.add(Marketplace.EBAY, name + " shop", null, "test").id();
            return new Follower(operator, store, tokens.create(operator.id(), "live", "test").secret());
        });
    }

    /** Sends a stream request on a new connection. */
    private OpenStream send(String path, String token) throws IOException {
        Socket socket = new Socket("localhost", port);
        try {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new OpenStream(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a stream request and reads its response head. */
    private OpenStream open(String path, String token) throws IOException {
        OpenStream stream = send(path, token);
        stream.awaitHead(10_000);
        return stream;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The named events of a stream followed with an API token, once the server has ended it. */
    private CompletableFuture<List<String[]>> events(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenApply(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            return parse(response.body().toList());
        });
    }

    /** The named events of a stream's lines, {name, data}. */
    private static List<String[]> parse(List<String> lines) {
        List<String[]> events = new ArrayList<>();
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5));
            } else if (line.isEmpty() && name != null) {
                events.add(new String[] {name, data.toString()});
                name = null;
                data.setLength(0);
            }
        }
        return events;
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Transactions of the test database so far, as PostgreSQL counts them (commits and rollbacks). */
    private static long transactions(Connection db) throws Exception {
        try (Statement sql = db.createStatement(); ResultSet row = sql.executeQuery("select xact_commit + xact_rollback "
                + "from pg_stat_database where datname = current_database()")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static double transactionsPerSecond(Connection db, Duration over) throws Exception {
        long start = System.nanoTime();
        long before = transactions(db);
        Thread.sleep(over.toMillis());
        long after = transactions(db);
        return (after - before) * 1e9 / (System.nanoTime() - start);
    }
}
