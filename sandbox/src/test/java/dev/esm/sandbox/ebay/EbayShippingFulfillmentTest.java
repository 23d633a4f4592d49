package dev.esm.sandbox.ebay;

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
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static dev.esm.sandbox.ebay.EbayHttp.errorId;
import static dev.esm.sandbox.ebay.EbayHttp.filter;
import static dev.esm.sandbox.ebay.EbayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class EbayShippingFulfillmentTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private final SandboxClock clock = SandboxClock.fixed(NOW);
    private EbaySimulator ebay;
    private EbayApp app;
    private EbaySeller seller;
    private EbayHttp client;
    private String token;

    @BeforeEach
    void start() {
        ebay = new EbaySimulator(clock, 9).start(0);
        app = ebay.registerApp("ship-app", "ship-cert");
        seller = ebay.registerSeller("ship_seller").generateOrders(400);
        client = new EbayHttp(ebay.baseUrl());
        token = client.accessToken(app, ebay.issueRefreshToken(app, seller));
    }

    @AfterEach
    void stop() {
        ebay.close();
    }

    @Test
    void fulfillmentMarksTheLinesFulfilledIsCountedAndShowsInTheNextSync() {
        EbayOrder order = first(o -> open(o) && o.lineItems().size() == 1);
        EbayOrder.LineItem line = order.lineItems().get(0);
        clock.advance(Duration.ofMinutes(30));

        HttpResponse<String> r = create(order.orderId(), body(line.lineItemId(), line.quantity(), "USPS",
                "9400100105807076063249", "2026-03-02T11:59:18.000Z"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValue(ebay.baseUrl() + "/sell/fulfillment/v1/order/"
                + order.orderId() + "/shipping_fulfillment/9400100105807076063249");
        assertThat(seller.shippingFulfillmentCount(order.orderId())).isEqualTo(1);
        assertThat(seller.shippingFulfillments(order.orderId())).singleElement().satisfies(f -> {
            assertThat(f.shippingCarrierCode()).isEqualTo("USPS");
            assertThat(f.lineItems()).containsEntry(line.lineItemId(), line.quantity());
            assertThat(f.shippedDate()).isEqualTo(Instant.parse("2026-03-02T11:59:18Z"));
        });
        assertThat(seller.lastModified(order.orderId())).isEqualTo(clock.millis());

        List<JsonNode> synced = client.pageAll(token, filter("lastmodifieddate:[" + NOW.plus(Duration.ofMinutes(20))
                + ".." + NOW.plus(Duration.ofMinutes(30)) + "]"), null);
        assertThat(synced).singleElement().satisfies(o -> {
            assertThat(o.path("orderId").asString()).isEqualTo(order.orderId());
            assertThat(o.path("orderFulfillmentStatus").asString()).isEqualTo("FULFILLED");
            assertThat(o.path("lineItems").path(0).path("lineItemFulfillmentStatus").asString()).isEqualTo("FULFILLED");
            assertThat(o.path("fulfillmentHrefs").path(0).asString()).endsWith("/9400100105807076063249");
        });

        JsonNode read = json(client.get(URI.create(r.headers().firstValue("Location").orElseThrow()).getPath(), token));
        assertThat(read.path("fulfillmentId").asString()).isEqualTo("9400100105807076063249");
        assertThat(read.path("shipmentTrackingNumber").asString()).isEqualTo("9400100105807076063249");
        assertThat(read.path("shippedDate").asString()).isEqualTo("2026-03-02T11:59:18.000Z");
        JsonNode all = json(client.get(EbayHttp.ORDERS + "/" + order.orderId() + "/shipping_fulfillment", token));
        assertThat(all.path("total").asInt()).isEqualTo(1);
    }

    @Test
    void shippingOneOfTwoLinesLeavesTheOrderInProgress() {
        EbayOrder order = first(o -> open(o) && o.lineItems().size() >= 2);
        EbayOrder.LineItem second = order.lineItems().get(1);

        assertThat(create(order.orderId(), body(second.lineItemId(), 1, "UPS", "1Z999AA10123456784", null))
                .statusCode()).isEqualTo(201);

        EbayOrder after = seller.order(order.orderId()).orElseThrow();
        assertThat(after.fulfillmentStatus()).isEqualTo(EbayOrder.Fulfillment.IN_PROGRESS);
        assertThat(after.lineItems().get(0).status()).isEqualTo(EbayOrder.Fulfillment.NOT_STARTED);
        assertThat(after.lineItems().get(1).status()).isEqualTo(EbayOrder.Fulfillment.FULFILLED);
    }

    @Test
    void badFulfillmentsAreRefusedWithTheSpecsErrorIdsAndNotCounted() {
        EbayOrder order = first(o -> open(o));
        EbayOrder.LineItem line = order.lineItems().get(0);
        String id = order.orderId();
        String date = "2026-03-02T11:00:00.000Z";

        assertRefused(id, body("999999999999", 1, "USPS", "94001", date), 400, 32200);
        assertRefused(id, body(line.lineItemId(), line.quantity() + 1, "USPS", "94001", date), 400, 32600);
        assertRefused(id, body(line.lineItemId(), 1, "USPS", null, date), 400, 32300);
        assertRefused(id, body(line.lineItemId(), 1, "Pony Express", "94001", date), 400, 32300);
        assertRefused(id, body(line.lineItemId(), 1, "USPS", "94001", "03/02/2026"), 400, 32500);
        assertRefused(id, "{\"lineItems\":[]}", 400, 32600);
        assertRefused(id, "{\"lineItems\":", 400, 32600);
        assertRefused("01-99999-99999", body(line.lineItemId(), 1, "USPS", "94001", date), 404, 32100);
        EbayOrder canceled = first(o -> o.cancelState() == EbayOrder.Cancel.CANCELED);
        assertRefused(canceled.orderId(), body(canceled.lineItems().get(0).lineItemId(), 1, "USPS", "94001", date),
                400, 32600);

        assertThat(seller.shippingFulfillmentCount(id)).isZero();
        assertThat(seller.order(id).orElseThrow()).isEqualTo(order);
    }

    @Test
    void aReadOnlyTokenCannotCreateFulfillments() {
        EbayOrder order = first(o -> open(o));
        HttpResponse<String> refreshed = client.refresh(app, ebay.issueRefreshToken(app, seller,
                Set.of(EbaySimulator.SCOPE_FULFILLMENT_READONLY)), EbaySimulator.SCOPE_FULFILLMENT_READONLY);
        String readOnly = json(refreshed).path("access_token").asString();

        HttpResponse<String> r = client.send(post(order.orderId(), readOnly,
                body(order.lineItems().get(0).lineItemId(), 1, "USPS", "94001", null)));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(seller.shippingFulfillmentCount(order.orderId())).isZero();
    }

    private static boolean open(EbayOrder o) {
        return o.fulfillmentStatus() == EbayOrder.Fulfillment.NOT_STARTED
                && o.cancelState() == EbayOrder.Cancel.NONE_REQUESTED && o.paymentStatus() == EbayOrder.Payment.PAID;
    }

    private void assertRefused(String orderId, String body, int status, int errorId) {
        HttpResponse<String> r = create(orderId, body);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(errorId(r)).as(body).isEqualTo(errorId);
        assertThat(json(r).path("errors").path(0).path("message").asString()).as(body).isNotBlank();
    }

    private HttpResponse<String> create(String orderId, String body) {
        return client.send(post(orderId, token, body));
    }

    private HttpRequest post(String orderId, String accessToken, String body) {
        return HttpRequest.newBuilder(URI.create(ebay.baseUrl() + EbayHttp.ORDERS + "/" + orderId
                        + "/shipping_fulfillment")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private EbayOrder first(Predicate<EbayOrder> p) {
        return seller.orderIds().stream().map(id -> seller.order(id).orElseThrow()).filter(p).findFirst()
                .orElseThrow();
    }

    private static String body(String lineItemId, int quantity, String carrier, String tracking, String shipped) {
        return "{\"lineItems\":[{\"lineItemId\":\"" + lineItemId + "\",\"quantity\":" + quantity + "}]"
                + (shipped == null ? "" : ",\"shippedDate\":\"" + shipped + "\"")
                + ",\"shippingCarrierCode\":\"" + carrier + "\""
                + (tracking == null ? "" : ",\"trackingNumber\":\"" + tracking + "\"") + "}";
    }
}
