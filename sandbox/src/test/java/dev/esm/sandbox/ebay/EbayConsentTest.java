package dev.esm.sandbox.ebay;

import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.SandboxRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.esm.sandbox.ebay.EbayHttp.ORDERS;
import static dev.esm.sandbox.ebay.EbayHttp.encode;
import static dev.esm.sandbox.ebay.EbayHttp.json;
import static dev.esm.sandbox.ebay.EbayHttp.oauthError;
import static org.assertj.core.api.Assertions.assertThat;

class EbayConsentTest {

    private static final String RU_NAME = "ESM_Sandbox-ESMSandb-ESM-SB-abcdefgh";
    private static final String ACCEPT = "https://esm.example/stores/ebay/accepted";
    private static final String DECLINE = "https://esm.example/stores/ebay/declined";
    private static final Set<String> SCOPES = Set.of(EbaySimulator.SCOPE_API, EbaySimulator.SCOPE_FULFILLMENT);

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    private EbaySimulator ebay;
    private EbayApp app;
    private EbayHttp client;

    @BeforeEach
    void start() {
        ebay = new EbaySimulator(clock, 5).start(0);
        app = ebay.registerApp().addRuName(RU_NAME, ACCEPT, DECLINE);
        ebay.registerSeller("first_seller").generateOrders(5);
        ebay.registerSeller("second_seller").generateOrders(12);
        client = new EbayHttp(ebay.baseUrl());
    }

    @AfterEach
    void stop() {
        ebay.close();
    }

    @Test
    void theConsentPageIsARealFormWithAnAgreeButton() {
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(
                URI.create(ebay.consentUrl(app, RU_NAME, SCOPES, "st<ate>"))).GET().build());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).startsWith("<!DOCTYPE html>")
                .contains("<form method=\"post\" action=\"/oauth2/authorize\">")
                .contains("value=\"agree\">Agree</button>")
                .contains("<option value=\"second_seller\">")
                .contains("name=\"redirect_uri\" value=\"" + RU_NAME + "\"")
                .contains("value=\"st&lt;ate&gt;\"")
                .contains(EbaySimulator.SCOPE_FULFILLMENT)
                .doesNotContain("<script");
    }

    @Test
    void agreeRedirectsWithASingleUseCodeThatExchangesForTokens() {
        HttpResponse<String> agreed = decide("second_seller", "agree", "xyz 1");
        assertThat(agreed.statusCode()).isEqualTo(302);
        String location = agreed.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(ACCEPT + "?code=").contains("&state=xyz+1").endsWith("&expires_in=299");
        Map<String, List<String>> params = SandboxRequest.parseQuery(URI.create(location).getRawQuery());
        String code = params.get("code").get(0);
        assertThat(params.get("state")).containsExactly("xyz 1");

        HttpResponse<String> exchanged = exchange(code, RU_NAME);
        assertThat(exchanged.statusCode()).isEqualTo(200);
        JsonNode tokens = json(exchanged);
        assertThat(tokens.path("access_token").asString()).isNotBlank();
        assertThat(tokens.path("expires_in").asInt()).isEqualTo(7200);
        assertThat(tokens.path("refresh_token").asString()).isNotBlank();
        assertThat(tokens.path("refresh_token_expires_in").asLong()).isEqualTo(47_304_000L);
        assertThat(tokens.path("token_type").asString()).isEqualTo("User Access Token");

        JsonNode orders = json(client.get(ORDERS + "?limit=50", tokens.path("access_token").asString()));
        assertThat(orders.path("total").asInt()).isEqualTo(12);
        String refreshed = client.accessToken(app, tokens.path("refresh_token").asString());
        assertThat(json(client.get(ORDERS, refreshed)).path("orders").path(0).path("sellerId").asString())
                .isEqualTo("second_seller");

        HttpResponse<String> again = exchange(code, RU_NAME);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(oauthError(again)).isEqualTo("invalid_grant");
    }

    @Test
    void codesAreShortLivedAndBoundToTheirRuName() {
        String code = code(decide("first_seller", "agree", "s"));
        assertThat(oauthError(exchange(code, "Another-RuName"))).isEqualTo("invalid_grant");

        String late = code(decide("first_seller", "agree", "s"));
        clock.advance(Duration.ofSeconds(299));
        assertThat(oauthError(exchange(late, RU_NAME))).isEqualTo("invalid_grant");

        ebay.setCodeLifetime(Duration.ofSeconds(30));
        String quick = code(decide("first_seller", "agree", "s"));
        clock.advance(Duration.ofSeconds(29));
        assertThat(exchange(quick, RU_NAME).statusCode()).isEqualTo(200);
    }

    @Test
    void disagreeAndBadRequestsAreAnswered() {
        HttpResponse<String> declined = decide("first_seller", "decline", "abc");
        assertThat(declined.statusCode()).isEqualTo(302);
        assertThat(declined.headers().firstValue("Location")).hasValue(DECLINE + "?error=access_denied&state=abc");

        HttpResponse<String> unknownApp = client.send(HttpRequest.newBuilder(URI.create(ebay.baseUrl()
                + "/oauth2/authorize?client_id=nobody&redirect_uri=" + RU_NAME + "&response_type=code&scope=x"))
                .GET().build());
        assertThat(unknownApp.statusCode()).isEqualTo(400);
        assertThat(unknownApp.body()).contains("not a registered application");

        HttpResponse<String> badScope = client.send(HttpRequest.newBuilder(URI.create(ebay.consentUrl(app, RU_NAME,
                Set.of("https://api.ebay.com/oauth/api_scope/unknown"), "q"))).GET().build());
        assertThat(badScope.statusCode()).isEqualTo(302);
        assertThat(badScope.headers().firstValue("Location")).hasValue(DECLINE + "?error=invalid_scope&state=q");
    }

    private HttpResponse<String> decide(String username, String decision, String state) {
        String form = "client_id=" + encode(app.clientId()) + "&redirect_uri=" + encode(RU_NAME) + "&scope="
                + encode(String.join(" ", SCOPES)) + "&state=" + encode(state) + "&username=" + username
                + "&decision=" + decision;
        return client.send(HttpRequest.newBuilder(URI.create(ebay.baseUrl() + "/oauth2/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private HttpResponse<String> exchange(String code, String ruName) {
        return client.token(app.clientId(), app.clientSecret(), "grant_type=authorization_code&code=" + encode(code)
                + "&redirect_uri=" + encode(ruName));
    }

    private static String code(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return SandboxRequest.parseQuery(URI.create(location).getRawQuery()).get("code").get(0);
    }
}
