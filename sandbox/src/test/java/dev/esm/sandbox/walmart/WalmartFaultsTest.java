package dev.esm.sandbox.walmart;

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

import static dev.esm.sandbox.walmart.WalmartHttp.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WalmartFaultsTest {

    private WalmartSimulator walmart;
    private WalmartSeller seller;
    private WalmartHttp client;
    private String token;

    @BeforeEach
    void start() {
        walmart = new WalmartSimulator().start(0).setQuotasEnabled(false);
        seller = walmart.registerSeller("fault-client", "fault-secret").generateOrders(100);
        client = new WalmartHttp(walmart.baseUrl());
        token = client.token(seller);
    }

    @AfterEach
    void stop() {
        walmart.close();
    }

    @Test
    void noFaultsByDefault() {
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = client.get("/v3/orders?limit=5", token);
            assertThat(r.statusCode()).isEqualTo(200);
            Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(walmart.counters().faultsTotal()).isZero();
    }

    @Test
    void allServerErrorsGives5xx() {
        walmart.faults().setServerErrorShare(1.0);
        for (int i = 0; i < 20; i++) {
            assertThat(client.get("/v3/orders?limit=5", token).statusCode()).isIn(500, 503);
        }
        assertThat(walmart.counters().faults(Fault.SERVER_ERROR) + walmart.counters().faults(Fault.SERVICE_UNAVAILABLE))
                .isEqualTo(20);
        assertThat(walmart.counters().faults(Fault.SERVER_ERROR)).isPositive();
        assertThat(walmart.counters().faults(Fault.SERVICE_UNAVAILABLE)).isPositive();
        // the token endpoint is spared unless asked
        assertThat(client.tokenResponse(seller.clientId(), seller.clientSecret()).statusCode()).isEqualTo(200);
        walmart.faults().setApplyToAuth(true);
        assertThat(client.tokenResponse(seller.clientId(), seller.clientSecret()).statusCode()).isIn(500, 503);
    }

    @Test
    void malformedGivesAnUnparsable200() {
        walmart.faults().setMalformedShare(1.0);
        HttpResponse<String> r = client.get("/v3/orders?limit=5", token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"list\"");
        assertThatThrownBy(() -> Json.parse(r.body().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JacksonException.class);
        assertThat(walmart.counters().faults(Fault.MALFORMED)).isEqualTo(1);
    }

    @Test
    void injectedThrottlingLooksLikeWalmarts() {
        walmart.faults().setThrottleShare(1.0);
        HttpResponse<String> r = client.get("/v3/orders", token);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(errorCode(r)).isEqualTo("REQUEST_THRESHOLD_VIOLATED");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void timeoutHoldsTheRequestLongerThanTheClientWaits() {
        walmart.faults().setTimeoutShare(1.0).setTimeoutHold(Duration.ofSeconds(10));
        HttpRequest request = client.request("/v3/orders").header("WM_SEC.ACCESS_TOKEN", token)
                .timeout(Duration.ofMillis(300)).GET().build();
        long started = System.nanoTime();
        assertThatThrownBy(() -> client.http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);

        walmart.faults().setTimeoutHold(Duration.ofMillis(100));
        assertThat(client.get("/v3/orders", token).statusCode()).isEqualTo(504);
    }

    @Test
    void latencyIsAdded() {
        walmart.faults().setLatencyMillis(200);
        long started = System.nanoTime();
        assertThat(client.get("/v3/orders?limit=1", token).statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(200);
    }

    @Test
    void mixedSharesAreRoughlyHonouredAndResetClearsThem() {
        walmart.faults().reseed(99).setServerErrorShare(0.2).setMalformedShare(0.1);
        int errors = 0;
        for (int i = 0; i < 200; i++) {
            if (client.get("/v3/orders?limit=1", token).statusCode() >= 500) {
                errors++;
            }
        }
        assertThat(errors).isBetween(20, 65);
        walmart.faults().reset();
        for (int i = 0; i < 20; i++) {
            assertThat(client.get("/v3/orders?limit=1", token).statusCode()).isEqualTo(200);
        }
    }
}
