package dev.esm.sandbox.amazon;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.esm.sandbox.amazon.AmazonHttp.errorCode;
import static dev.esm.sandbox.amazon.AmazonHttp.json;
import static dev.esm.sandbox.amazon.AmazonHttp.lwaError;
import static org.assertj.core.api.Assertions.assertThat;

class AmazonLwaTest {

    private static final String ORDERS = "lastUpdatedAfter=2026-01-01T00:00:00Z&maxResultsPerPage=5";

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    private AmazonSimulator amazon;
    private AmazonSeller seller;
    private AmazonHttp client;

    @BeforeEach
    void start() {
        amazon = new AmazonSimulator(clock, 7).start(0).setQuotasEnabled(false);
        seller = amazon.registerSeller().generateOrders(20);
        client = new AmazonHttp(amazon);
    }

    @AfterEach
    void stop() {
        amazon.close();
    }

    @Test
    void refreshGrantFromAFormGivesABearerTokenThatOpensTheOrdersApi() {
        HttpResponse<String> response = client.refreshGrant(seller.refreshToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = json(response);
        assertThat(body.path("access_token").asString()).startsWith("Atza|");
        assertThat(body.path("token_type").asString()).isEqualTo("bearer");
        assertThat(body.path("expires_in").asInt()).isEqualTo(3600);
        assertThat(body.path("refresh_token").asString()).isEqualTo(seller.refreshToken());

        HttpResponse<String> orders = client.search(ORDERS, body.path("access_token").asString());
        assertThat(orders.statusCode()).isEqualTo(200);
        assertThat(orders.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void aJsonBodyIsAcceptedToo() {
        AmazonApp app = amazon.app();
        String body = """
                {"grant_type":"refresh_token","refresh_token":"%s","client_id":"%s","client_secret":"%s"}"""
                .formatted(seller.refreshToken(), app.clientId(), app.clientSecret());
        HttpResponse<String> response = client.send(client.request(AmazonSimulator.TOKEN_PATH)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("access_token").asString()).startsWith("Atza|");
    }

    @Test
    void refusalsAreLwaErrors() {
        AmazonApp app = amazon.app();
        HttpResponse<String> unknownRefresh = client.refreshGrant("Atzr|not-a-real-token");
        assertThat(unknownRefresh.statusCode()).isEqualTo(400);
        assertThat(lwaError(unknownRefresh)).isEqualTo("invalid_grant");
        assertThat(json(unknownRefresh).path("error_description").asString()).contains("refresh_token");

        HttpResponse<String> badSecret = client.tokenForm(Map.of("grant_type", "refresh_token",
                "refresh_token", seller.refreshToken(), "client_id", app.clientId(), "client_secret", "wrong"));
        assertThat(badSecret.statusCode()).isEqualTo(401);
        assertThat(lwaError(badSecret)).isEqualTo("invalid_client");

        HttpResponse<String> noGrant = client.tokenForm(Map.of("client_id", app.clientId()));
        assertThat(noGrant.statusCode()).isEqualTo(400);
        assertThat(lwaError(noGrant)).isEqualTo("invalid_request");

        HttpResponse<String> password = client.tokenForm(Map.of("grant_type", "password",
                "client_id", app.clientId(), "client_secret", app.clientSecret()));
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(lwaError(password)).isEqualTo("unsupported_grant_type");

        HttpResponse<String> noRefresh = client.tokenForm(Map.of("grant_type", "refresh_token",
                "client_id", app.clientId(), "client_secret", app.clientSecret()));
        assertThat(noRefresh.statusCode()).isEqualTo(400);
        assertThat(lwaError(noRefresh)).isEqualTo("invalid_request");
    }

    @Test
    void grantlessTokensExistButCannotReadOrders() {
        AmazonApp app = amazon.app();
        HttpResponse<String> grantless = client.tokenForm(Map.of("grant_type", "client_credentials",
                "scope", "sellingpartnerapi::notifications", "client_id", app.clientId(),
                "client_secret", app.clientSecret()));
        assertThat(grantless.statusCode()).isEqualTo(200);
        assertThat(json(grantless).has("refresh_token")).isFalse();
        HttpResponse<String> orders = client.search(ORDERS, json(grantless).path("access_token").asString());
        assertThat(orders.statusCode()).isEqualTo(403);

        HttpResponse<String> badScope = client.tokenForm(Map.of("grant_type", "client_credentials",
                "scope", "profile", "client_id", app.clientId(), "client_secret", app.clientSecret()));
        assertThat(lwaError(badScope)).isEqualTo("invalid_scope");
    }

    @Test
    void missingUnknownAndExpiredAccessTokensAre403Unauthorized() {
        amazon.setTokenLifetime(Duration.ofSeconds(5));
        HttpResponse<String> issued = client.refreshGrant(seller.refreshToken());
        assertThat(json(issued).path("expires_in").asInt()).isEqualTo(5);
        String token = json(issued).path("access_token").asString();

        assertThat(client.search(ORDERS, token).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(4));
        assertThat(client.search(ORDERS, token).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> expired = client.search(ORDERS, token);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(errorCode(expired)).isEqualTo("Unauthorized");
        assertThat(json(expired).path("errors").path(0).path("message").asString())
                .isEqualTo("Access to requested resource is denied.");
        assertThat(json(expired).path("errors").path(0).path("details").asString()).contains("expired");

        HttpResponse<String> unknown = client.search(ORDERS, "Atza|made-up");
        HttpResponse<String> missing = client.search(ORDERS, null);
        for (HttpResponse<String> r : java.util.List.of(unknown, missing)) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(errorCode(r)).isEqualTo("Unauthorized");
        }
        assertThat(client.search(ORDERS, client.accessToken(seller)).statusCode()).isEqualTo(200);
    }

    @Test
    void expireAllTokensAndRevokedAuthorizations() {
        String token = client.accessToken(seller);
        amazon.expireAllTokens();
        assertThat(client.search(ORDERS, token).statusCode()).isEqualTo(403);
        String fresh = client.accessToken(seller);
        assertThat(client.search(ORDERS, fresh).statusCode()).isEqualTo(200);

        amazon.revokeAuthorization(seller);
        assertThat(client.search(ORDERS, fresh).statusCode()).isEqualTo(403);
        assertThat(lwaError(client.refreshGrant(seller.refreshToken()))).isEqualTo("invalid_grant");
    }

    @Test
    void sellerIdsAndRefreshTokensAreDerivedFromTheSeed() {
        try (AmazonSimulator again = new AmazonSimulator(clock, 7)) {
            AmazonSeller twin = again.registerSeller();
            assertThat(twin.sellingPartnerId()).isEqualTo(seller.sellingPartnerId()).matches("A[A-Z0-9]{13}");
            assertThat(twin.refreshToken()).isEqualTo(seller.refreshToken()).startsWith("Atzr|");
            assertThat(again.app()).isEqualTo(amazon.app());
        }
        assertThat(amazon.app().clientId()).startsWith("amzn1.application-oa2-client.");
        assertThat(amazon.app().applicationId()).startsWith("amzn1.sp.solution.");
        assertThat(amazon.app().toString()).doesNotContain(amazon.app().clientSecret());
    }
}
