package dev.esm.sandbox.ebay;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static dev.esm.sandbox.ebay.EbayHttp.ORDERS;
import static dev.esm.sandbox.ebay.EbayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class EbayRateLimitTest {

    /** 23:00 in Los Angeles (PST, UTC-8). */
    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-03T07:00:00Z"));
    private EbaySimulator ebay;
    private EbayApp app;
    private String refreshToken;
    private EbayHttp client;
    private String token;

    @BeforeEach
    void start() {
        ebay = new EbaySimulator(clock, 5).start(0);
        app = ebay.registerApp("rl-app", "rl-cert");
        EbaySeller seller = ebay.registerSeller("rl_seller").generateOrders(30);
        refreshToken = ebay.issueRefreshToken(app, seller);
        client = new EbayHttp(ebay.baseUrl());
        token = client.accessToken(app, refreshToken);
    }

    @AfterEach
    void stop() {
        ebay.close();
    }

    @Test
    void defaultQuotasAreDocumented() {
        assertThat(ebay.quota().limit(EbaySimulator.OP_GET_ORDERS)).isEqualTo(EbaySimulator.DEFAULT_ORDERS_QUOTA);
        assertThat(ebay.quota().limit("token:refresh_token")).isEqualTo(50_000L);
        assertThat(ebay.quota().limit("token:authorization_code")).isEqualTo(10_000L);
    }

    @Test
    void aUsedUpDailyQuotaAnswers429WithEbaysBodyAndNoHeadersUntilMidnightPacific() {
        ebay.setOrdersDailyQuota(3);
        for (int i = 0; i < 3; i++) {
            assertThat(client.get(ORDERS + "?limit=1", token).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> throttled = client.get(ORDERS + "?limit=1", token);
        assertThat(throttled.statusCode()).isEqualTo(429);
        JsonNode error = json(throttled).path("errors").path(0);
        assertThat(error.path("errorId").asInt()).isEqualTo(2001);
        assertThat(error.path("domain").asString()).isEqualTo("ACCESS");
        assertThat(error.path("category").asString()).isEqualTo("REQUEST");
        assertThat(error.path("message").asString()).isEqualTo("Too many requests.");
        assertThat(error.path("longMessage").asString()).isEqualTo("The request limit has been reached for the resource.");
        assertThat(throttled.headers().firstValue("Retry-After")).isEmpty();
        assertThat(throttled.headers().map().keySet()).noneMatch(h -> h.toLowerCase().contains("ratelimit"));
        assertThat(ebay.counters().throttled(EbaySimulator.OP_GET_ORDERS)).isEqualTo(1);
        assertThat(ebay.quota().untilReset()).isEqualTo(Duration.ofHours(1));

        ebay.setRetryAfterSeconds(3600L);
        assertThat(client.get(ORDERS, token).headers().firstValue("Retry-After")).hasValue("3600");

        clock.advance(Duration.ofMinutes(59));
        assertThat(client.get(ORDERS, token).statusCode()).isEqualTo(429);
        clock.advance(Duration.ofMinutes(1));
        assertThat(client.get(ORDERS, token).statusCode()).isEqualTo(200);
    }

    @Test
    void quotasArePerAppAndCanBeSwitchedOff() {
        ebay.setOrdersDailyQuota(1);
        EbayApp other = ebay.registerApp("rl-app-2", "rl-cert-2");
        String otherToken = client.accessToken(other, ebay.issueRefreshToken(other, ebay.seller("rl_seller").orElseThrow()));
        assertThat(client.get(ORDERS, token).statusCode()).isEqualTo(200);
        assertThat(client.get(ORDERS, token).statusCode()).isEqualTo(429);
        assertThat(client.get(ORDERS, otherToken).statusCode()).isEqualTo(200);

        ebay.setQuotasEnabled(false);
        for (int i = 0; i < 10; i++) {
            assertThat(client.get(ORDERS, token).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theTokenEndpointHasItsOwnDailyQuota() {
        ebay.quota().setLimit("token:refresh_token", 2);
        assertThat(client.refresh(app, refreshToken, null).statusCode()).isEqualTo(200);
        HttpResponse<String> throttled = client.refresh(app, refreshToken, null);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(EbayHttp.errorId(throttled)).isEqualTo(2001);
    }
}
