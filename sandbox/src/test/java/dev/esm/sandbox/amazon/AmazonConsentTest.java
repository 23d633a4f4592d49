package dev.esm.sandbox.amazon;

import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.SandboxRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.esm.sandbox.amazon.AmazonHttp.json;
import static dev.esm.sandbox.amazon.AmazonHttp.lwaError;
import static org.assertj.core.api.Assertions.assertThat;

class AmazonConsentTest {

    private static final String REDIRECT = "https://esm.example/stores/amazon/authorized";

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    private AmazonSimulator amazon;
    private AmazonSeller first;
    private AmazonSeller second;
    private AmazonHttp client;

    @BeforeEach
    void start() {
        amazon = new AmazonSimulator(clock, 3).setRedirectUri(REDIRECT).start(0).setQuotasEnabled(false);
        first = amazon.registerSeller().generateOrders(5);
        second = amazon.registerSeller().generateOrders(5);
        client = new AmazonHttp(amazon);
    }

    @AfterEach
    void stop() {
        amazon.close();
    }

    @Test
    void theConsentPageIsAFormWithAnAuthorizeButton() {
        String state = "st<ate>&\"x\"";
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(amazon.consentUrl(state)))
                .GET().build());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).startsWith("<!DOCTYPE html>")
                .contains("<form method=\"post\" action=\"/apps/authorize/consent\">")
                .contains(">Authorize</button>")
                .contains(amazon.app().applicationId())
                .contains(first.sellingPartnerId(), second.sellingPartnerId())
                .contains("value=\"st&lt;ate&gt;&amp;&quot;x&quot;\"")
                .doesNotContain(state);
    }

    @Test
    void authorizingRedirectsWithASingleUseCodeThatBecomesARefreshTokenForThatSeller() {
        HttpResponse<String> redirect = authorize(second, "xyz-123");

        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?");
        Map<String, List<String>> params = SandboxRequest.parseQuery(URI.create(location).getRawQuery());
        assertThat(params.get("state")).containsExactly("xyz-123");
        assertThat(params.get("selling_partner_id")).containsExactly(second.sellingPartnerId());
        String code = params.get("spapi_oauth_code").get(0);
        assertThat(code).isNotBlank();

        HttpResponse<String> exchanged = exchange(code, REDIRECT);
        assertThat(exchanged.statusCode()).isEqualTo(200);
        String refreshToken = json(exchanged).path("refresh_token").asString();
        assertThat(refreshToken).startsWith("Atzr|").isNotEqualTo(second.refreshToken());
        assertThat(json(exchanged).path("access_token").asString()).startsWith("Atza|");

        String access = json(client.refreshGrant(refreshToken)).path("access_token").asString();
        HttpResponse<String> orders = client.search("lastUpdatedAfter=2026-01-01T00:00:00Z", access);
        assertThat(orders.statusCode()).isEqualTo(200);
        assertThat(json(orders).path("orders").get(0).path("orderId").asString())
                .isIn(second.orderIds().toArray());

        HttpResponse<String> reused = exchange(code, REDIRECT);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(lwaError(reused)).isEqualTo("invalid_grant");
    }

    @Test
    void codesExpireAndMustBeRedeemedWithTheSameRedirectUri() {
        String late = code(authorize(first, "s1"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(lwaError(exchange(late, REDIRECT))).isEqualTo("invalid_grant");

        amazon.setAuthorizationCodeLifetime(Duration.ofMinutes(10));
        String other = code(authorize(first, "s2"));
        clock.advance(Duration.ofMinutes(9));
        assertThat(lwaError(exchange(other, "https://evil.example/cb"))).isEqualTo("invalid_grant");

        String good = code(authorize(first, "s3"));
        assertThat(exchange(good, REDIRECT).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownApplicationsMissingStateAndForeignRedirectsAreRefused() {
        String base = amazon.baseUrl() + AmazonSimulator.CONSENT_PATH;
        for (String query : List.of("?application_id=amzn1.sp.solution.other&state=s",
                "?application_id=" + amazon.app().applicationId(),
                "?application_id=" + amazon.app().applicationId() + "&state=s&redirect_uri=https%3A%2F%2Fevil.example")) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + query)).GET().build());
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.body()).contains("<h1>Authorization problem</h1>");
        }
        HttpResponse<String> unknownSeller = client.send(client.request(AmazonSimulator.CONSENT_PATH)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AmazonHttp.form(Map.of(
                        "application_id", amazon.app().applicationId(), "state", "s",
                        "selling_partner_id", "ANOBODY")))).build());
        assertThat(unknownSeller.statusCode()).isEqualTo(400);
    }

    /** Loads the page like a browser, then submits its form as it is. */
    private HttpResponse<String> authorize(AmazonSeller seller, String state) {
        String html = client.send(HttpRequest.newBuilder(URI.create(amazon.consentUrl(state))).GET().build()).body();
        StringBuilder form = new StringBuilder();
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">").matcher(html);
        while (hidden.find()) {
            form.append(hidden.group(1)).append('=').append(AmazonHttp.encode(unescape(hidden.group(2)))).append('&');
        }
        form.append("selling_partner_id=").append(seller.sellingPartnerId()).append("&decision=authorize");
        return client.send(client.request(AmazonSimulator.CONSENT_PATH)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build());
    }

    private HttpResponse<String> exchange(String code, String redirectUri) {
        AmazonApp app = amazon.app();
        return client.tokenForm(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
                "client_id", app.clientId(), "client_secret", app.clientSecret()));
    }

    private static String code(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return SandboxRequest.parseQuery(URI.create(location).getRawQuery()).get("spapi_oauth_code").get(0);
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
