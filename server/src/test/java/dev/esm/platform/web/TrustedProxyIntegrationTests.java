package dev.esm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.ServerProcess;
import dev.esm.TestOperators;
import dev.esm.WebClient;
import dev.esm.WebClient.Response;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.platform.database.DatabaseAccess.SiblingDatabase;

/**
 * A server node started as an operator would start it behind a proxy on the same machine:
 * {@code ESM_TRUSTED_PROXIES=127.0.0.1} and an {@code ESM_PUBLIC_URL}. The test client connects from loopback, so it is
 * the proxy: the client address it forwards is the one the server records, unless it is no address; and a redirect
 * built from the request names the public URL, not the {@code Host} the request came with.
 */
class TrustedProxyIntegrationTests extends IntegrationTest {

    private static final Path LOGS = Path.of("target", "proxy-processes");
    private static final String PUBLIC_URL = "http://esm.example.test:8080";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    @Autowired
    ApplicationContext context;

    @Test
    void behindATrustedProxyTheForwardedClientAddressIsTheOneThatCounts() throws Exception {
        ServerProcess.clearLogs(LOGS);
        try (SiblingDatabase database = DatabaseAccess.createSibling(context, "esm_proxy")) {
            Map<String, String> environment = new LinkedHashMap<>(ServerProcess.nodeEnvironment(database,
                    LOGS.resolve("data")));
            environment.put("ESM_TRUSTED_PROXIES", "127.0.0.1");
            environment.put("ESM_PUBLIC_URL", PUBLIC_URL);
            Map<String, String> properties = Map.of("esm.sandbox.enabled", "false",
                    "esm.orders.sync.scheduler", "false", "esm.shipping.batch.worker", "false");
            try (ServerProcess server = ServerProcess.start(environment, properties, LOGS.resolve("server-proxy.log"))) {
                String base = "http://localhost:" + server.port();
                awaitHealthy(server, base);

                String forwarded = "forwarded-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
                String text = "text-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
                assertThat(signUp(base, forwarded, "198.51.100.1, 203.0.113.7").status()).isEqualTo(302);
                assertThat(signUp(base, text, "evil<script>").status()).isEqualTo(302);
                assertThat(signUpSources(database)).containsExactly("203.0.113.7", "127.0.0.1");

                // a page remembered before sign-in is returned to under the public URL
                WebClient web = new WebClient(base);
                assertThat(web.get("/orders").header("Location")).isEqualTo("/login");
                Response signedIn = web.signIn(forwarded, TestOperators.PASSWORD);
                assertThat(signedIn.status()).isEqualTo(302);
                assertThat(signedIn.header("Location")).isEqualTo(PUBLIC_URL + "/orders?continue");
            }
        }
    }

    private static Response signUp(String base, String email, String forwardedFor) {
        WebClient web = new WebClient(base);
        web.get("/signup");
        String form = Map.of("email", email, "name", "Proxied Operator", "password", TestOperators.PASSWORD,
                        "_csrf", web.csrf()).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return web.send(HttpRequest.newBuilder(URI.create(base + "/signup"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static List<String> signUpSources(SiblingDatabase database) throws SQLException {
        List<String> sources = new ArrayList<>();
        try (Connection db = database.superuser(); PreparedStatement query = db.prepareStatement(
                "select source from esm.audit_event where action = 'account.sign-up' order by id");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                sources.add(rows.getString(1));
            }
        }
        return sources;
    }

    private static void awaitHealthy(ServerProcess server, String base) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.alive()).as("server process alive; its log ends:\n%s", server.logTail(40)).isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Server not healthy within " + START_TIMEOUT + "; its log ends:\n" + server.logTail(40));
    }
}
