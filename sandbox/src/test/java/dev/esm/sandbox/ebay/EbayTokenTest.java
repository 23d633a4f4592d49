package dev.esm.sandbox.ebay;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static dev.esm.sandbox.ebay.EbayHttp.ORDERS;
import static dev.esm.sandbox.ebay.EbayHttp.errorId;
import static dev.esm.sandbox.ebay.EbayHttp.json;
import static dev.esm.sandbox.ebay.EbayHttp.oauthError;
import static org.assertj.core.api.Assertions.assertThat;

class EbayTokenTest {

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    private EbaySimulator ebay;
    private EbayApp app;
    private EbaySeller seller;
    private String refreshToken;
    private EbayHttp client;

    @BeforeEach
    void start() {
        ebay = new EbaySimulator(clock, 7).start(0);
        app = ebay.registerApp("app-id-1", "cert-id-1");
        seller = ebay.registerSeller("token_seller").generateOrders(20);
        refreshToken = ebay.issueRefreshToken(app, seller);
        client = new EbayHttp(ebay.baseUrl());
    }

    @AfterEach
    void stop() {
        ebay.close();
    }

    @Test
    void refreshGrantGivesAUserAccessTokenThatOpensGetOrders() {
        HttpResponse<String> response = client.refresh(app, refreshToken, EbaySimulator.SCOPE_FULFILLMENT);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("access_token").asString()).startsWith("v^1.1#");
        assertThat(body.path("expires_in").asInt()).isEqualTo(7200);
        assertThat(body.path("token_type").asString()).isEqualTo("User Access Token");
        assertThat(body.has("refresh_token")).isFalse();

        HttpResponse<String> orders = client.get(ORDERS + "?limit=5", body.path("access_token").asString());
        assertThat(orders.statusCode()).isEqualTo(200);
        assertThat(json(orders).path("orders").size()).isEqualTo(5);
    }

    @Test
    void scopeMayBeOmittedOrNarrowedButNotWidened() {
        assertThat(client.refresh(app, refreshToken, null).statusCode()).isEqualTo(200);
        String narrow = ebay.issueRefreshToken(app, seller, Set.of(EbaySimulator.SCOPE_FULFILLMENT_READONLY));
        assertThat(client.refresh(app, narrow, EbaySimulator.SCOPE_FULFILLMENT_READONLY).statusCode()).isEqualTo(200);

        HttpResponse<String> wider = client.refresh(app, narrow, EbaySimulator.SCOPE_FULFILLMENT);
        assertThat(wider.statusCode()).isEqualTo(400);
        assertThat(oauthError(wider)).isEqualTo("invalid_scope");
        HttpResponse<String> unknown = client.refresh(app, refreshToken, "https://api.ebay.com/oauth/api_scope/nope");
        assertThat(oauthError(unknown)).isEqualTo("invalid_scope");
    }

    @Test
    void badRefreshTokensAreInvalidGrantAndBadKeysInvalidClient() {
        HttpResponse<String> unknown = client.refresh(app, "v^1.1#i^1#not-a-token", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(oauthError(unknown)).isEqualTo("invalid_grant");
        assertThat(json(unknown).path("error_description").asString()).isNotBlank();

        EbayApp other = ebay.registerApp("app-id-2", "cert-id-2");
        assertThat(oauthError(client.refresh(other, refreshToken, null))).isEqualTo("invalid_grant");

        HttpResponse<String> wrongSecret = client.token("app-id-1", "wrong", "grant_type=refresh_token&refresh_token=x");
        HttpResponse<String> noAuth = client.token(null, null, "grant_type=refresh_token&refresh_token=x");
        for (HttpResponse<String> r : java.util.List.of(wrongSecret, noAuth)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(oauthError(r)).isEqualTo("invalid_client");
        }

        assertThat(oauthError(client.token("app-id-1", "cert-id-1", ""))).isEqualTo("invalid_request");
        assertThat(oauthError(client.token("app-id-1", "cert-id-1", "grant_type=password")))
                .isEqualTo("unsupported_grant_type");
    }

    @Test
    void revokedConsentTurnsRefreshIntoInvalidGrant() {
        String access = client.accessToken(app, refreshToken);
        ebay.revokeTokens(seller);
        assertThat(oauthError(client.refresh(app, refreshToken, null))).isEqualTo("invalid_grant");
        assertThat(client.get(ORDERS, access).statusCode()).isEqualTo(401);
    }

    @Test
    void refreshTokensExpire() {
        ebay.setRefreshTokenLifetime(Duration.ofDays(1));
        String shortLived = ebay.issueRefreshToken(app, seller);
        assertThat(client.refresh(app, shortLived, null).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofDays(1));
        assertThat(oauthError(client.refresh(app, shortLived, null))).isEqualTo("invalid_grant");
    }

    @Test
    void accessTokensExpireAfterTheConfiguredLifetimeWithEbaysErrorBody() {
        ebay.setAccessTokenLifetime(Duration.ofSeconds(60));
        JsonNode issued = json(client.refresh(app, refreshToken, null));
        assertThat(issued.path("expires_in").asInt()).isEqualTo(60);
        String token = issued.path("access_token").asString();

        assertThat(client.get(ORDERS, token).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(59));
        assertThat(client.get(ORDERS, token).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> expired = client.get(ORDERS, token);
        assertThat(expired.statusCode()).isEqualTo(401);
        JsonNode error = json(expired).path("errors").path(0);
        assertThat(error.path("errorId").asInt()).isEqualTo(1001);
        assertThat(error.path("domain").asString()).isEqualTo("OAuth");
        assertThat(error.path("category").asString()).isEqualTo("REQUEST");
        assertThat(error.path("message").asString()).isEqualTo("Invalid access token");

        ebay.expireAllTokens();
        assertThat(client.get(ORDERS, client.accessToken(app, refreshToken)).statusCode()).isEqualTo(200);
    }

    @Test
    void dataCallsNeedABearerUserTokenWithAFulfillmentScope() {
        HttpResponse<String> none = client.get(ORDERS, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(errorId(none)).isEqualTo(1002);
        assertThat(errorId(client.get(ORDERS, "not-a-token"))).isEqualTo(1001);

        HttpResponse<String> appToken = client.token("app-id-1", "cert-id-1",
                "grant_type=client_credentials&scope=" + EbayHttp.encode(EbaySimulator.SCOPE_API));
        assertThat(json(appToken).path("token_type").asString()).isEqualTo("Application Access Token");
        HttpResponse<String> denied = client.get(ORDERS, json(appToken).path("access_token").asString());
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(errorId(denied)).isEqualTo(1100);

        String inventoryOnly = ebay.issueRefreshToken(app, seller, Set.of(EbaySimulator.SCOPE_API + "/sell.inventory"));
        String token = json(client.refresh(app, inventoryOnly, null)).path("access_token").asString();
        assertThat(client.get(ORDERS, token).statusCode()).isEqualTo(403);
    }
}
