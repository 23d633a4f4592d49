package dev.esm.sandbox.amazon;

import dev.esm.sandbox.Fault;
import dev.esm.sandbox.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.esm.sandbox.amazon.AmazonHttp.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmazonFaultsTest {

    private static final String QUERY = "lastUpdatedAfter=2026-01-01T00:00:00Z&maxResultsPerPage=5";

    private AmazonSimulator amazon;
    private AmazonSeller seller;
    private AmazonHttp client;
    private String token;

    @BeforeEach
    void start() {
        amazon = new AmazonSimulator().start(0).setQuotasEnabled(false);
        seller = amazon.registerSeller().generateOrders(100);
        client = new AmazonHttp(amazon);
        token = client.accessToken(seller);
    }

    @AfterEach
    void stop() {
        amazon.close();
    }

    @Test
    void noFaultsByDefault() {
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> r = client.search(QUERY, token);
            assertThat(r.statusCode()).isEqualTo(200);
            Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(amazon.counters().faultsTotal()).isZero();
    }

    @Test
    void serverErrorsAreInternalFailureOr503AndSpareLwaUnlessAsked() {
        amazon.faults().setServerErrorShare(1.0);
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = client.search(QUERY, token);
            assertThat(r.statusCode()).isIn(500, 503);
            if (r.statusCode() == 500) {
                assertThat(errorCode(r)).isEqualTo("InternalFailure");
            }
        }
        assertThat(amazon.counters().faults(Fault.SERVER_ERROR)).isPositive();
        assertThat(amazon.counters().faults(Fault.SERVICE_UNAVAILABLE)).isPositive();
        assertThat(client.refreshGrant(seller.refreshToken()).statusCode()).isEqualTo(200);
        amazon.faults().setApplyToAuth(true);
        assertThat(client.refreshGrant(seller.refreshToken()).statusCode()).isIn(500, 503);
    }

    @Test
    void malformedGivesAnUnparsable200() {
        amazon.faults().setMalformedShare(1.0);
        HttpResponse<String> r = client.search(QUERY, token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"orders\"");
        assertThatThrownBy(() -> Json.parse(r.body().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void injectedThrottlingLooksLikeAmazons() {
        amazon.faults().setThrottleShare(1.0);
        HttpResponse<String> r = client.search(QUERY, token);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(errorCode(r)).isEqualTo("QuotaExceeded");
        assertThat(r.headers().firstValue("x-amzn-RateLimit-Limit")).hasValue("0.0056");
    }

    @Test
    void timeoutsHoldTheRequestAndLatencyIsAdded() {
        amazon.faults().setTimeoutShare(1.0).setTimeoutHold(Duration.ofSeconds(10));
        HttpRequest request = client.request(AmazonSimulator.ORDERS_PATH + "?" + QUERY)
                .header("x-amz-access-token", token).timeout(Duration.ofMillis(300)).GET().build();
        assertThatThrownBy(() -> client.http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        amazon.faults().reset().setLatencyMillis(150);
        long started = System.nanoTime();
        assertThat(client.search(QUERY, token).statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(150);
    }

    @Test
    void unknownPathsAreNotFoundInAmazonsEnvelope() {
        HttpResponse<String> r = client.get("/orders/v0/nothing", token);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(errorCode(r)).isEqualTo("NotFound");
    }
}
