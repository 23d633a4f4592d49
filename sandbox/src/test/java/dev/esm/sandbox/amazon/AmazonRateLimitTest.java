package dev.esm.sandbox.amazon;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static dev.esm.sandbox.amazon.AmazonHttp.errorCode;
import static dev.esm.sandbox.amazon.AmazonHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class AmazonRateLimitTest {

    private static final String QUERY = "lastUpdatedAfter=2026-01-01T00:00:00Z&maxResultsPerPage=1";

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    private AmazonSimulator amazon;
    private AmazonSeller seller;
    private AmazonHttp client;
    private String token;

    @BeforeEach
    void start() {
        amazon = new AmazonSimulator(clock, 5).start(0);
        seller = amazon.registerSeller().generateOrders(30);
        client = new AmazonHttp(amazon);
        token = client.accessToken(seller);
    }

    @AfterEach
    void stop() {
        amazon.close();
    }

    @Test
    void theSpecsUsagePlanIsTheDefaultAndAfterTheBurstComesQuotaExceeded() {
        assertThat(amazon.rateLimiter().quota(AmazonSimulator.OP_SEARCH_ORDERS))
                .isEqualTo(AmazonSimulator.SEARCH_ORDERS_QUOTA);
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> ok = client.search(QUERY, token);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-amzn-RateLimit-Limit")).hasValue("0.0056");
        }
        HttpResponse<String> throttled = client.search(QUERY, token);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(errorCode(throttled)).isEqualTo("QuotaExceeded");
        assertThat(json(throttled).path("errors").path(0).path("message").asString())
                .isEqualTo("You exceeded your quota for the requested resource.");
        assertThat(throttled.headers().firstValue("x-amzn-RateLimit-Limit")).hasValue("0.0056");
        assertThat(throttled.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(throttled.headers().firstValue("Retry-After")).isEmpty();
        assertThat(amazon.counters().throttled(AmazonSimulator.OP_SEARCH_ORDERS)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(170));
        assertThat(client.search(QUERY, token).statusCode()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(10));
        assertThat(client.search(QUERY, token).statusCode()).isEqualTo(200);
        assertThat(client.search(QUERY, token).statusCode()).isEqualTo(429);
    }

    @Test
    void bucketsArePerSellerAndPerOperationAndTheTokenEndpointIsFree() {
        amazon.setSearchOrdersQuota(1, 1);
        AmazonSeller other = amazon.registerSeller().generateOrders(5);

        assertThat(client.search(QUERY, token).statusCode()).isEqualTo(200);
        assertThat(client.search(QUERY, token).statusCode()).isEqualTo(429);
        assertThat(client.search(QUERY, client.accessToken(other)).statusCode()).isEqualTo(200);
        HttpResponse<String> single = client.get(AmazonSimulator.ORDERS_PATH + "/" + seller.orderId(0), token);
        assertThat(single.statusCode()).isEqualTo(200);
        assertThat(single.headers().firstValue("x-amzn-RateLimit-Limit")).hasValue("0.5");
        for (int i = 0; i < 30; i++) {
            assertThat(client.refreshGrant(seller.refreshToken()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void quotasCanBeSwitchedOff() {
        amazon.setQuotasEnabled(false);
        for (int i = 0; i < 40; i++) {
            assertThat(client.search(QUERY, token).statusCode()).isEqualTo(200);
        }
        assertThat(amazon.counters().throttledTotal()).isZero();
    }
}
