package dev.esm.sandbox.walmart;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static dev.esm.sandbox.walmart.WalmartHttp.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

class WalmartRateLimitTest {

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    private WalmartSimulator walmart;
    private WalmartSeller seller;
    private WalmartHttp client;
    private String token;

    @BeforeEach
    void start() {
        walmart = new WalmartSimulator(clock, 5).start(0);
        seller = walmart.registerSeller("rl-client", "rl-secret").generateOrders(30);
        client = new WalmartHttp(walmart.baseUrl());
        token = client.token(seller);
    }

    @AfterEach
    void stop() {
        walmart.close();
    }

    @Test
    void defaultQuotasAreDocumented() {
        assertThat(walmart.rateLimiter().quota(WalmartSimulator.OP_LIST_ORDERS))
                .isEqualTo(WalmartSimulator.DEFAULT_READ_QUOTA);
        assertThat(walmart.rateLimiter().quota(WalmartSimulator.OP_SHIP))
                .isEqualTo(WalmartSimulator.DEFAULT_WRITE_QUOTA);
    }

    @Test
    void anEmptyBucketAnswers429WithHeadersAndRecoversAfterReplenishment() {
        walmart.setOrdersQuota(2, 5);
        for (int i = 4; i >= 0; i--) {
            HttpResponse<String> ok = client.get("/v3/orders?limit=1", token);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-current-token-count")).hasValue(String.valueOf(i));
            assertThat(Long.parseLong(ok.headers().firstValue("x-next-replenish-time").orElseThrow()))
                    .isGreaterThanOrEqualTo(clock.millis());
        }

        HttpResponse<String> throttled = client.get("/v3/orders?limit=1", token);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(errorCode(throttled)).isEqualTo("REQUEST_THRESHOLD_VIOLATED");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(throttled.headers().firstValue("x-current-token-count")).hasValue("0");
        assertThat(throttled.headers().firstValue("x-next-replenish-time"))
                .hasValue(String.valueOf(clock.millis() + 500));
        assertThat(walmart.counters().throttled(WalmartSimulator.OP_LIST_ORDERS)).isEqualTo(1);
        assertThat(walmart.counters().responses(429)).isEqualTo(1);

        clock.advance(Duration.ofMillis(500));
        assertThat(client.get("/v3/orders?limit=1", token).statusCode()).isEqualTo(200);
        assertThat(client.get("/v3/orders?limit=1", token).statusCode()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            assertThat(client.get("/v3/orders?limit=1", token).statusCode()).isEqualTo(200);
        }
        assertThat(walmart.counters().requests(WalmartSimulator.OP_LIST_ORDERS)).isEqualTo(13);
    }

    @Test
    void bucketsArePerSellerAndPerOperation() {
        walmart.setOrdersQuota(1, 1);
        WalmartSeller other = walmart.registerSeller("rl-client-2", "rl-secret-2").generateOrders(5);
        String otherToken = client.token(other);

        assertThat(client.get("/v3/orders", token).statusCode()).isEqualTo(200);
        assertThat(client.get("/v3/orders", token).statusCode()).isEqualTo(429);
        // the other seller's bucket is full: answered (200, or Walmart's 404 when its default window holds no orders)
        assertThat(client.get("/v3/orders", otherToken).statusCode()).isIn(200, 404);
        assertThat(client.get("/v3/orders/" + seller.purchaseOrderId(0), token).statusCode()).isEqualTo(200);
    }

    @Test
    void quotasCanBeSwitchedOff() {
        walmart.setOrdersQuota(1, 1).setQuotasEnabled(false);
        for (int i = 0; i < 30; i++) {
            assertThat(client.get("/v3/orders?limit=1", token).statusCode()).isEqualTo(200);
        }
        assertThat(walmart.counters().throttledTotal()).isZero();
    }

    @Test
    void realTimeReplenishment() throws InterruptedException {
        try (WalmartSimulator live = new WalmartSimulator().start(0)) {
            WalmartSeller s = live.registerSeller("live", "live-secret").generateOrders(5);
            WalmartHttp c = new WalmartHttp(live.baseUrl());
            String t = c.token(s);
            live.setOrdersQuota(2, 1);
            assertThat(c.get("/v3/orders", t).statusCode()).isEqualTo(200);
            HttpResponse<String> throttled = c.get("/v3/orders", t);
            assertThat(throttled.statusCode()).isEqualTo(429);
            Thread.sleep(600);
            assertThat(c.get("/v3/orders", t).statusCode()).isEqualTo(200);
        }
    }
}
