package dev.esm.sandbox.walmart;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static dev.esm.sandbox.walmart.WalmartHttp.errorCode;
import static dev.esm.sandbox.walmart.WalmartHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class WalmartTokenTest {

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    private WalmartSimulator walmart;
    private WalmartSeller seller;
    private WalmartHttp client;

    @BeforeEach
    void start() {
        walmart = new WalmartSimulator(clock, 7).start(0);
        seller = walmart.registerSeller("sandbox-client-1", "sandbox-secret-1").generateOrders(50);
        client = new WalmartHttp(walmart.baseUrl());
    }

    @AfterEach
    void stop() {
        walmart.close();
    }

    @Test
    void goodCredentialsGetABearerTokenThatOpensDataCalls() {
        HttpResponse<String> response = client.tokenResponse("sandbox-client-1", "sandbox-secret-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.path("access_token").asString()).isNotBlank();
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").isIntegralNumber()).isTrue();
        assertThat(body.path("expires_in").asInt()).isEqualTo(900);

        HttpResponse<String> orders = client.get("/v3/orders?limit=5", body.path("access_token").asString());
        assertThat(orders.statusCode()).isEqualTo(200);
    }

    @Test
    void withoutJsonAcceptTheTokenComesAsXml() {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(walmart.baseUrl() + "/v3/token"))
                .header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString())
                .header("WM_SVC.NAME", "Walmart Marketplace")
                .header("Authorization", WalmartHttp.basic("sandbox-client-1", "sandbox-secret-1"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<OAuthTokenDTO>").contains("<expiresIn>900</expiresIn>");
    }

    @Test
    void badOrUnknownCredentialsAre401WithGatewayError() {
        HttpResponse<String> badSecret = client.tokenResponse("sandbox-client-1", "wrong");
        HttpResponse<String> unknown = client.tokenResponse("nobody", "sandbox-secret-1");
        HttpResponse<String> noAuth = client.send(client.request("/v3/token")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());

        for (HttpResponse<String> r : new HttpResponse[]{badSecret, unknown, noAuth}) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(errorCode(r)).isEqualTo("UNAUTHORIZED");
            assertThat(json(r).path("errors").path(0).path("description").asString()).isNotBlank();
        }
    }

    @Test
    void tokenCallNeedsCorrelationIdServiceNameAndGrantType() {
        String auth = WalmartHttp.basic("sandbox-client-1", "sandbox-secret-1");
        HttpRequest.Builder noCorrelation = HttpRequest.newBuilder(URI.create(walmart.baseUrl() + "/v3/token"))
                .header("WM_SVC.NAME", "Walmart Marketplace").header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
        HttpRequest.Builder badCorrelation = HttpRequest.newBuilder(URI.create(walmart.baseUrl() + "/v3/token"))
                .header("WM_QOS.CORRELATION_ID", "not-a-uuid")
                .header("WM_SVC.NAME", "Walmart Marketplace").header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
        HttpRequest.Builder noServiceName = HttpRequest.newBuilder(URI.create(walmart.baseUrl() + "/v3/token"))
                .header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString()).header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));

        for (HttpRequest.Builder b : new HttpRequest.Builder[]{noCorrelation, badCorrelation, noServiceName}) {
            HttpResponse<String> r = client.send(b.build());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(errorCode(r)).isEqualTo("INVALID_REQUEST_HEADER");
        }

        HttpResponse<String> noGrant = client.send(client.request("/v3/token").header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString("")).build());
        assertThat(noGrant.statusCode()).isEqualTo(400);
        assertThat(errorCode(noGrant)).isEqualTo("INVALID_REQUEST_PARAM");
    }

    @Test
    void dataCallsNeedAllThreeHeaders() {
        String token = client.token(seller);
        HttpResponse<String> noToken = client.send(client.request("/v3/orders").GET().build());
        HttpResponse<String> unknownToken = client.get("/v3/orders", "not-a-token");
        HttpResponse<String> noCorrelation = client.send(HttpRequest.newBuilder(
                        URI.create(walmart.baseUrl() + "/v3/orders"))
                .header("WM_SEC.ACCESS_TOKEN", token).header("WM_SVC.NAME", "Walmart Marketplace").GET().build());
        HttpResponse<String> noServiceName = client.send(HttpRequest.newBuilder(
                        URI.create(walmart.baseUrl() + "/v3/orders"))
                .header("WM_SEC.ACCESS_TOKEN", token)
                .header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString()).GET().build());

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(errorCode(noToken)).isEqualTo("UNAUTHORIZED");
        assertThat(unknownToken.statusCode()).isEqualTo(401);
        assertThat(noCorrelation.statusCode()).isEqualTo(400);
        assertThat(errorCode(noCorrelation)).isEqualTo("INVALID_REQUEST_HEADER");
        assertThat(noServiceName.statusCode()).isEqualTo(400);
        assertThat(errorCode(noServiceName)).isEqualTo("INVALID_REQUEST_HEADER");
    }

    @Test
    void tokensExpireAfterTheConfiguredLifetime() {
        walmart.setTokenLifetime(Duration.ofSeconds(5));
        HttpResponse<String> issued = client.tokenResponse(seller.clientId(), seller.clientSecret());
        assertThat(json(issued).path("expires_in").asInt()).isEqualTo(5);
        String token = json(issued).path("access_token").asString();

        assertThat(client.get("/v3/orders", token).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(4));
        assertThat(client.get("/v3/orders", token).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> expired = client.get("/v3/orders", token);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(errorCode(expired)).isEqualTo("UNAUTHORIZED");

        assertThat(client.get("/v3/orders", client.token(seller)).statusCode()).isEqualTo(200);
    }

    @Test
    void expireAllTokensRevokesIssuedTokens() {
        String token = client.token(seller);
        walmart.expireAllTokens();
        assertThat(client.get("/v3/orders", token).statusCode()).isEqualTo(401);
    }
}
