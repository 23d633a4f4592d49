package dev.esm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.WebClient.Response;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Stores;

/**
 * The whole server as it runs by default (no ESM_TRUSTED_PROXIES, no ESM_PUBLIC_URL), reached from loopback: a
 * client's X-Forwarded-For changes nothing the server records, and a {@code Host} of the client's choosing is never
 * reflected in a redirect. ({@link ForwardedHeadersTomcatTests} covers a configured proxy and public URL.)
 */
class ForwardedHeadersIntegrationTests extends IntegrationTest {

    private static final String EVIL = "evil.example";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    ApplicationContext context;
    @Autowired
    Stores stores;

    @Test
    void rotatingXForwardedForNeitherHidesTheClientNorWritesTextToTheAuditTrail() throws SQLException {
        TestOperator operator = operators.create("Rotating Client");
        WebClient web = browser();
        web.signIn(operator.email(), operator.password());
        List<String> forwarded = List.of("203.0.113.7", "198.51.100.23", "evil<script>", "10.0.0.1, 10.0.0.2");
        for (int i = 0; i < forwarded.size(); i++) {
            Response added = web.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/stores"))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header("X-CSRF-TOKEN", web.csrf()).header("X-Forwarded-For", forwarded.get(i))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"marketplace\":\"AMAZON\",\"name\":\"Rotated " + i
                            + "\"}")));
            assertThat(added.status()).isEqualTo(201);
        }
        assertThat(auditSources(operator.id(), "store.add")).hasSize(forwarded.size()).containsOnly("127.0.0.1");
    }

    @Test
    void aHostHeaderOfTheClientsChoosingNeverAppearsInARedirect() throws Exception {
        TestOperator operator = operators.create("Host Tester");
        UUID amazon = ActingOperator.runAs(operator.id(),
                () -> stores.add(Marketplace.AMAZON, "Host Amazon Shop", null, "test").id());
        RawClient raw = new RawClient();

        // a page needs sign-in: to the sign-in page, and the page is remembered for after
        RawResponse protectedPage = raw.get("/orders");
        assertThat(protectedPage.status()).isEqualTo(302);
        assertThat(protectedPage.location()).isEqualTo("/login");
        RawResponse loginPage = raw.get("/login");
        assertThat(loginPage.status()).isEqualTo(200);

        // signing in: back to the remembered page, under no host of the client's choosing
        RawResponse signedIn = raw.post("/login", Map.of("username", operator.email(), "password", operator.password(),
                "_csrf", loginPage.csrf()));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).isEqualTo("/orders?continue");
        RawResponse storesPage = raw.get("/stores");
        assertThat(storesPage.status()).isEqualTo(200);
        assertThat(raw.get("/").location()).isEqualTo("/today");

        // the consent flow: out to the marketplace, and back from it to the store (here with an unknown state)
        RawResponse connect = raw.get("/stores/" + amazon + "/connect");
        assertThat(connect.status()).isEqualTo(302);
        assertThat(connect.location()).startsWith(TestSandbox.amazon().baseUrl() + "/apps/authorize/consent");
        RawResponse callback = raw.get("/connect/amazon/callback?state=unknown&spapi_oauth_code=x");
        assertThat(callback.status()).isEqualTo(302);
        assertThat(callback.location()).isEqualTo("/stores");

        // the API documentation's UI redirect builds its URL from the request
        RawResponse docs = raw.get("/swagger-ui.html");
        if (docs.status() / 100 == 3) {
            assertThat(docs.location()).startsWith("/");
        }

        // signing out: to the sign-in page
        RawResponse signedOut = raw.post("/logout", Map.of("_csrf", raw.get("/stores").csrf()));
        assertThat(signedOut.status()).isEqualTo(302);
        assertThat(signedOut.location()).isEqualTo("/login?signed-out");

        assertThat(raw.responses).isNotEmpty().allSatisfy(response -> {
            assertThat(response.headers().toString().toLowerCase(Locale.ROOT)).doesNotContain(EVIL);
        });
    }

    private List<String> auditSources(UUID operator, String action) throws SQLException {
        List<String> sources = new ArrayList<>();
        try (Connection db = DatabaseAccess.superuser(context);
             PreparedStatement query = db.prepareStatement(
                     "select source from esm.audit_event where actor_id = ? and action = ? order by id")) {
            query.setObject(1, operator);
            query.setString(2, action);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    sources.add(rows.getString(1));
                }
            }
        }
        return sources;
    }

    private record RawResponse(int status, Map<String, List<String>> headers, String body) {
        String location() {
            List<String> values = headers.get("location");
            return values == null ? null : values.get(0);
        }

        String csrf() {
            Matcher matcher = CSRF.matcher(body);
            assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
            return matcher.group(1);
        }
    }

    /**
     * HTTP/1.1 over a plain socket, since Java's HTTP clients will not send a {@code Host} of their own: every request
     * says {@code Host: evil.example}. Keeps the session cookie.
     */
    private final class RawClient {
        private final List<RawResponse> responses = new ArrayList<>();
        private String cookie;

        RawResponse get(String path) throws IOException {
            return send("GET " + path + " HTTP/1.1\r\n", "");
        }

        RawResponse post(String path, Map<String, String> form) throws IOException {
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return send("POST " + path + " HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n", body);
        }

        private RawResponse send(String head, String body) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write((head + "Host: " + EVIL + "\r\nConnection: close\r\n"
                        + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                RawResponse response = parse(socket.getInputStream().readAllBytes());
                for (String set : response.headers().getOrDefault("set-cookie", List.of())) {
                    if (set.startsWith("ESM_SESSION=")) {
                        cookie = set.substring(0, set.indexOf(';') < 0 ? set.length() : set.indexOf(';'));
                    }
                }
                responses.add(response);
                return response;
            }
        }

        private RawResponse parse(byte[] bytes) {
            String all = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = all.indexOf("\r\n\r\n");
            String[] lines = all.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
            }
            byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
            boolean chunked = headers.getOrDefault("transfer-encoding", List.of()).contains("chunked");
            return new RawResponse(status, headers, new String(chunked ? dechunk(rest) : rest, StandardCharsets.UTF_8));
        }

        private byte[] dechunk(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            while (at < body.length) {
                int lineEnd = indexOf(body, at);
                int size = Integer.parseInt(new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1)
                        .split(";")[0].strip(), 16);
                if (size == 0) {
                    break;
                }
                out.write(body, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
            return out.toByteArray();
        }

        private int indexOf(byte[] body, int from) {
            for (int i = from; i + 1 < body.length; i++) {
                if (body[i] == '\r' && body[i + 1] == '\n') {
                    return i;
                }
            }
            throw new IllegalStateException("Malformed chunked body");
        }
    }
}
