package dev.esm.sandbox.ebay;

import dev.esm.sandbox.Fault;
import dev.esm.sandbox.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.esm.sandbox.ebay.EbayHttp.ORDERS;
import static dev.esm.sandbox.ebay.EbayHttp.errorId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EbayFaultsTest {

    private EbaySimulator ebay;
    private EbayApp app;
    private String refreshToken;
    private EbayHttp client;
    private String token;

    @BeforeEach
    void start() {
        ebay = new EbaySimulator().start(0);
        app = ebay.registerApp("fault-app", "fault-cert");
        refreshToken = ebay.issueRefreshToken(app, ebay.registerSeller("fault_seller").generateOrders(100));
        client = new EbayHttp(ebay.baseUrl());
        token = client.accessToken(app, refreshToken);
    }

    @AfterEach
    void stop() {
        ebay.close();
    }

    @Test
    void noFaultsByDefault() {
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> r = client.get(ORDERS + "?limit=5", token);
            assertThat(r.statusCode()).isEqualTo(200);
            Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(ebay.counters().faultsTotal()).isZero();
        assertThat(ebay.counters().requests(EbaySimulator.OP_GET_ORDERS)).isEqualTo(30);
    }

    @Test
    void serverErrorsAre500WithEbaysEnvelopeOr503() {
        ebay.faults().setServerErrorShare(1.0);
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = client.get(ORDERS + "?limit=5", token);
            assertThat(r.statusCode()).isIn(500, 503);
            if (r.statusCode() == 500) {
                assertThat(errorId(r)).isEqualTo(2003);
            }
        }
        assertThat(ebay.counters().faults(Fault.SERVER_ERROR)).isPositive();
        assertThat(ebay.counters().faults(Fault.SERVICE_UNAVAILABLE)).isPositive();
        assertThat(client.refresh(app, refreshToken, null).statusCode()).isEqualTo(200);
        ebay.faults().setApplyToAuth(true);
        assertThat(client.refresh(app, refreshToken, null).statusCode()).isIn(500, 503);
    }

    @Test
    void malformedGivesAnUnparsable200() {
        ebay.faults().setMalformedShare(1.0);
        HttpResponse<String> r = client.get(ORDERS + "?limit=5", token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"href\"");
        assertThatThrownBy(() -> Json.parse(r.body().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void injectedThrottlingLooksLikeEbays() {
        ebay.faults().setThrottleShare(1.0);
        HttpResponse<String> r = client.get(ORDERS, token);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(errorId(r)).isEqualTo(2001);
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        ebay.setRetryAfterSeconds(2L);
        assertThat(client.get(ORDERS, token).headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void timeoutHoldsTheRequestLongerThanTheClientWaits() {
        ebay.faults().setTimeoutShare(1.0).setTimeoutHold(Duration.ofSeconds(10));
        HttpRequest request = HttpRequest.newBuilder(URI.create(ebay.baseUrl() + ORDERS))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMillis(300)).GET().build();
        assertThatThrownBy(() -> client.http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        ebay.faults().setTimeoutHold(Duration.ofMillis(100));
        assertThat(client.get(ORDERS, token).statusCode()).isEqualTo(504);
    }

    @Test
    void unknownPathsAnswerEbaysEnvelope() {
        HttpResponse<String> r = client.get("/sell/fulfillment/v1/nothing", token);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(errorId(r)).isEqualTo(2002);
    }
}
