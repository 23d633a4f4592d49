package dev.esm.sandbox.easypost;

import dev.esm.sandbox.Fault;
import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static dev.esm.sandbox.easypost.EasyPostHttp.address;
import static dev.esm.sandbox.easypost.EasyPostHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rate limit and the fault knobs. */
class EasyPostLimitsTest {

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    private EasyPostSimulator easypost;
    private EasyPostAccount account;
    private EasyPostHttp client;

    @BeforeEach
    void start() {
        easypost = new EasyPostSimulator(clock, 5).start(0);
        account = easypost.registerApiKey("EZTK-limits");
        client = new EasyPostHttp(easypost.baseUrl(), account.apiKey());
    }

    @AfterEach
    void stop() {
        easypost.close();
    }

    @Test
    void indexEndpointsShareFiveRequestsPerSecondThen429WithRetryAfter() {
        assertThat(easypost.rateLimiter().quota(EasyPostSimulator.QUOTA_INDEX))
                .isEqualTo(EasyPostSimulator.DEFAULT_INDEX_QUOTA);
        for (int i = 0; i < 3; i++) {
            assertThat(client.get("/v2/shipments").statusCode()).isEqualTo(200);
        }
        assertThat(client.get("/v2/trackers").statusCode()).isEqualTo(200);
        assertThat(client.get("/v2/batches").statusCode()).isEqualTo(200);

        HttpResponse<String> throttled = client.get("/v2/shipments");
        assertThat(json(throttled, 429).path("error").path("code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(throttled.headers().firstValue(EasyPostSimulator.HDR_REQUEST_ID)).isPresent();
        assertThat(easypost.counters().throttled(EasyPostSimulator.OP_SHIPMENT_INDEX)).isEqualTo(1);
        // non-index calls have no fixed limit
        assertThat(client.post("/v2/shipments", EasyPostHttp.shipment(EasyPostShipmentTest.TO_NEAR, 8, null))
                .statusCode()).isEqualTo(201);

        clock.advance(Duration.ofMillis(200));
        assertThat(client.get("/v2/shipments").statusCode()).isEqualTo(200);
        assertThat(client.get("/v2/shipments").statusCode()).isEqualTo(429);

        // buckets are per API key
        EasyPostHttp other = new EasyPostHttp(easypost.baseUrl(), easypost.registerApiKey().apiKey());
        assertThat(other.get("/v2/shipments").statusCode()).isEqualTo(200);
    }

    @Test
    void anOperationCanTakeARealisticTimeToAnswerButA429AnswersAtOnce() {
        easypost.setLatency(EasyPostSimulator.OP_SHIPMENT_CREATE, Duration.ofMillis(300), Duration.ofMillis(400));
        String body = EasyPostHttp.shipment(EasyPostShipmentTest.TO_NEAR, 8, null);
        long start = System.nanoTime();
        assertThat(client.post("/v2/shipments", body).statusCode()).isEqualTo(201);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        easypost.setQuota(EasyPostSimulator.OP_SHIPMENT_CREATE, 1, 1);
        assertThat(client.post("/v2/shipments", body).statusCode()).isEqualTo(201);
        start = System.nanoTime();
        assertThat(client.post("/v2/shipments", body).statusCode()).isEqualTo(429);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));

        easypost.setLatency(EasyPostSimulator.OP_SHIPMENT_CREATE, Duration.ZERO, Duration.ZERO);
        clock.advance(Duration.ofSeconds(1));
        start = System.nanoTime();
        assertThat(client.post("/v2/shipments", body).statusCode()).isEqualTo(201);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
    }

    @Test
    void anyOperationCanGetAQuota() {
        easypost.setQuota(EasyPostSimulator.OP_SHIPMENT_CREATE, 1, 1);
        String body = EasyPostHttp.shipment(EasyPostShipmentTest.TO_NEAR, 8, null);
        assertThat(client.post("/v2/shipments", body).statusCode()).isEqualTo(201);
        assertThat(client.post("/v2/shipments", body).statusCode()).isEqualTo(429);
        easypost.setQuotasEnabled(false);
        assertThat(client.post("/v2/shipments", body).statusCode()).isEqualTo(201);
    }

    @Test
    void faultKnobsInjectErrorsInEasyPostsEnvelope() {
        easypost.faults().setServerErrorShare(1.0);
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = client.get("/v2/trackers/trk_x");
            assertThat(r.statusCode()).isIn(500, 503);
            if (r.statusCode() == 500) {
                assertThat(json(r).path("error").path("code").asString()).isEqualTo("INTERNAL_SERVER_ERROR");
            }
        }
        assertThat(easypost.counters().faults(Fault.SERVER_ERROR) + easypost.counters().faults(
                Fault.SERVICE_UNAVAILABLE)).isEqualTo(4);

        easypost.faults().reset().setThrottleShare(1.0);
        HttpResponse<String> throttled = client.post("/v2/shipments",
                EasyPostHttp.shipment(EasyPostShipmentTest.TO_NEAR, 8, null));
        assertThat(json(throttled, 429).path("error").path("code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();

        // a malformed answer still ran the handler: the label was bought
        easypost.faults().reset();
        var shipment = client.createShipment(address("Casey Demo", "5 Birch Way", "Omaha", "NE", "68102"), 8, null);
        easypost.faults().setMalformedShare(1.0);
        HttpResponse<String> cut = client.post("/v2/shipments/" + shipment.path("id").asString() + "/buy",
                "{\"rate\":{\"id\":\"" + EasyPostHttp.rateId(shipment, "Priority") + "\"}}");
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> json(cut)).isInstanceOf(JacksonException.class);
        assertThat(account.purchases()).isEqualTo(1);

        easypost.faults().reset().setTimeoutShare(1.0).setTimeoutHold(Duration.ofMillis(50));
        assertThat(client.get("/v2/shipments").statusCode()).isEqualTo(504);
        assertThat(easypost.counters().faults(Fault.TIMEOUT)).isEqualTo(1);

        easypost.faults().reset().setLatencyMillis(150);
        long started = System.nanoTime();
        assertThat(client.get("/v2/shipments/" + shipment.path("id").asString()).statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(150);
    }

    @Test
    void unknownPathsAndMethodsAnswerInTheEnvelope() {
        assertThat(json(client.get("/v2/nothing-here"), 404).path("error").path("code").asString())
                .isEqualTo("NOT_FOUND");
        assertThat(json(client.send(client.request("/v2/shipments").DELETE().build()), 405)
                .path("error").path("code").asString()).isEqualTo("METHOD.NOT_ALLOWED");
    }
}
