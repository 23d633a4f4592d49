package dev.esm.sandbox.walmart;

import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.walmart.WalmartOrderLine.LineStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.esm.sandbox.walmart.WalmartHttp.errorCode;
import static dev.esm.sandbox.walmart.WalmartHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class WalmartShippingTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private final SandboxClock clock = SandboxClock.fixed(NOW);
    private WalmartSimulator walmart;
    private WalmartSeller seller;
    private WalmartHttp client;
    private String token;

    @BeforeEach
    void start() {
        walmart = new WalmartSimulator(clock, 21).start(0);
        seller = walmart.registerSeller("ship-client", "ship-secret").generateOrders(400);
        client = new WalmartHttp(walmart.baseUrl());
        token = client.token(seller);
    }

    @AfterEach
    void stop() {
        walmart.close();
    }

    @Test
    void acknowledgeMovesCreatedLinesToAcknowledged() {
        String id = firstWhere(o -> o.lines().stream().allMatch(l -> only(l, WalmartStatus.CREATED)));
        clock.advance(Duration.ofMinutes(1));

        HttpResponse<String> r = client.post("/v3/orders/" + id + "/acknowledge", token, null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode lines = json(r).path("order").path("orderLines").path("orderLine");
        assertThat(lines).allSatisfy(l -> assertThat(
                l.path("orderLineStatuses").path("orderLineStatus").path(0).path("status").asString())
                .isEqualTo("Acknowledged"));
        assertThat(seller.acknowledgeCount(id)).isEqualTo(1);
        assertThat(seller.lastModified(id)).isEqualTo(clock.millis());
    }

    @Test
    void shippingPushMovesLinesToShippedIsCountedAndShowsInTheNextSync() {
        String id = firstWhere(o -> o.lines().size() >= 2
                && o.lines().stream().allMatch(l -> only(l, WalmartStatus.ACKNOWLEDGED)));
        WalmartOrder before = seller.order(id).orElseThrow();
        Instant pushedAt = NOW.plus(Duration.ofHours(1));
        clock.set(pushedAt);
        token = client.token(seller); // the first one has expired (900 s)

        HttpResponse<String> r = client.post("/v3/orders/" + id + "/shipping", token,
                shipment(before.lines().get(0), before.lines().get(0).quantity(), "UPS", "1Z999AA10123456784"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode line1 = json(r).path("order").path("orderLines").path("orderLine").path(0);
        JsonNode status = line1.path("orderLineStatuses").path("orderLineStatus").path(0);
        assertThat(status.path("status").asString()).isEqualTo("Shipped");
        assertThat(status.path("trackingInfo").path("trackingNumber").asString()).isEqualTo("1Z999AA10123456784");
        assertThat(status.path("trackingInfo").path("carrierName").path("carrier").asString()).isEqualTo("UPS");
        assertThat(line1.path("statusDate").asLong()).isEqualTo(pushedAt.toEpochMilli());
        JsonNode line2 = json(r).path("order").path("orderLines").path("orderLine").path(1);
        assertThat(line2.path("orderLineStatuses").path("orderLineStatus").path(0).path("status").asString())
                .isEqualTo("Acknowledged");

        assertThat(seller.shipmentPushCount(id)).isEqualTo(1);
        assertThat(seller.shipmentPushes(id)).singleElement().satisfies(p -> {
            assertThat(p.trackingNumber()).isEqualTo("1Z999AA10123456784");
            assertThat(p.carrier()).isEqualTo("UPS");
            assertThat(p.methodCode()).isEqualTo("Standard");
            assertThat(p.lineNumber()).isEqualTo("1");
            assertThat(p.shipDateTime()).isEqualTo(1_772_000_000_000L);
        });

        Set<String> synced = client.pageAll(token, "?lastModifiedStartDate=" + pushedAt, null).stream()
                .map(o -> o.path("purchaseOrderId").asString()).collect(Collectors.toSet());
        assertThat(synced).containsExactly(id);

        // a second push (tracking correction) is accepted and counted
        HttpResponse<String> again = client.post("/v3/orders/" + id + "/shipping", token,
                shipment(before.lines().get(0), before.lines().get(0).quantity(), "FedEx", "123456789012"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(seller.shipmentPushCount(id)).isEqualTo(2);
        assertThat(seller.order(id).orElseThrow().lines().get(0).statuses().get(0).trackingInfo().carrier())
                .isEqualTo("FedEx");
    }

    @Test
    void partialQuantitySplitsTheLine() {
        String id = firstWhere(o -> o.lines().get(0).quantity() >= 2 && only(o.lines().get(0), WalmartStatus.CREATED));
        WalmartOrderLine line = seller.order(id).orElseThrow().lines().get(0);

        HttpResponse<String> r = client.post("/v3/orders/" + id + "/shipping", token,
                shipment(line, 1, "USPS", "9400100000000000000001"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<LineStatus> statuses = seller.order(id).orElseThrow().lines().get(0).statuses();
        assertThat(statuses).extracting(LineStatus::status, LineStatus::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(WalmartStatus.CREATED, line.quantity() - 1),
                        org.assertj.core.groups.Tuple.tuple(WalmartStatus.SHIPPED, 1));
    }

    @Test
    void badShipmentsAreRefusedAndNotCounted() {
        String id = firstWhere(o -> o.lines().stream().allMatch(l -> only(l, WalmartStatus.ACKNOWLEDGED)));
        WalmartOrderLine line = seller.order(id).orElseThrow().lines().get(0);

        assertRefused(id, shipment(line, 1, "Pony Express", "X1"), 400, "INVALID_REQUEST_CONTENT");
        assertRefused(id, shipment(line, 1, "UPS", ""), 400, "INVALID_REQUEST_CONTENT");
        assertRefused(id, shipment(line, line.quantity() + 1, "UPS", "1Z1"), 400, "INVALID_REQUEST_CONTENT");
        assertRefused(id, "{\"orderShipment\":", 400, "MALFORMED_REQUEST_CONTENT");
        assertRefused(id, "{\"orderShipment\":{\"orderLines\":{\"orderLine\":[]}}}", 400, "INVALID_REQUEST_CONTENT");
        assertRefused(id, shipment(line, 1, "UPS", "1Z1").replace("\"lineNumber\":\"1\"", "\"lineNumber\":\"9\""),
                400, "INVALID_REQUEST_CONTENT");
        assertRefused("1999000000001", shipment(line, 1, "UPS", "1Z1"), 404, "CONTENT_NOT_FOUND");

        String cancelled = firstWhere(o -> o.lines().stream().allMatch(l -> only(l, WalmartStatus.CANCELLED)));
        assertRefused(cancelled, shipment(seller.order(cancelled).orElseThrow().lines().get(0), 1, "UPS", "1Z1"),
                400, "INVALID_REQUEST_CONTENT");

        assertThat(seller.shipmentPushCount(id)).isZero();
        assertThat(seller.order(id).orElseThrow().lines().get(0).statuses().get(0).status())
                .isEqualTo(WalmartStatus.ACKNOWLEDGED);
    }

    @Test
    void otherCarrierNeedsATrackingUrl() {
        String id = firstWhere(o -> o.lines().stream().allMatch(l -> only(l, WalmartStatus.ACKNOWLEDGED)));
        WalmartOrderLine line = seller.order(id).orElseThrow().lines().get(0);
        String other = shipment(line, 1, "UPS", "LOC-1")
                .replace("\"carrier\":\"UPS\"", "\"otherCarrier\":\"Local Co\"");
        assertRefused(id, other.replace(",\"trackingURL\":\"https://track.example/1\"", ""), 400,
                "INVALID_REQUEST_CONTENT");
        assertThat(client.post("/v3/orders/" + id + "/shipping", token, other).statusCode()).isEqualTo(200);
    }

    private void assertRefused(String id, String body, int status, String code) {
        HttpResponse<String> r = client.post("/v3/orders/" + id + "/shipping", token, body);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(errorCode(r)).as(body).isEqualTo(code);
    }

    private String firstWhere(java.util.function.Predicate<WalmartOrder> p) {
        return seller.purchaseOrderIds().stream().filter(id -> p.test(seller.order(id).orElseThrow()))
                .findFirst().orElseThrow();
    }

    private static boolean only(WalmartOrderLine line, WalmartStatus status) {
        return line.statuses().size() == 1 && line.statuses().get(0).status() == status;
    }

    private static String shipment(WalmartOrderLine line, int quantity, String carrier, String trackingNumber) {
        return """
            {"orderShipment":{"orderLines":{"orderLine":[{"lineNumber":"%s","sellerOrderId":"ESM-1001",
              "orderLineStatuses":{"orderLineStatus":[{"status":"Shipped",
                "statusQuantity":{"unitOfMeasurement":"EACH","amount":"%d"},
                "trackingInfo":{"shipDateTime":1772000000000,"carrierName":{"carrier":"%s"},"methodCode":"Standard",
                  "trackingNumber":"%s","trackingURL":"https://track.example/1"}}]}}]}}}
            """.formatted(line.lineNumber(), quantity, carrier, trackingNumber);
    }
}
