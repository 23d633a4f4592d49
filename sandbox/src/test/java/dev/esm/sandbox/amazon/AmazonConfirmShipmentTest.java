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
import java.util.List;
import java.util.function.Predicate;

import static dev.esm.sandbox.amazon.AmazonHttp.errorCode;
import static dev.esm.sandbox.amazon.AmazonHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class AmazonConfirmShipmentTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private final SandboxClock clock = SandboxClock.fixed(NOW);
    private AmazonSimulator amazon;
    private AmazonSeller seller;
    private AmazonHttp client;
    private String token;

    @BeforeEach
    void start() {
        amazon = new AmazonSimulator(clock, 5).start(0);
        seller = amazon.registerSeller().generateOrders(400);
        client = new AmazonHttp(amazon);
        token = client.accessToken(seller);
    }

    @AfterEach
    void stop() {
        amazon.close();
    }

    @Test
    void confirmationShipsTheOrderIsCountedAndShowsInTheNextSearch() {
        AmazonOrder order = first(o -> o.status() == AmazonStatus.UNSHIPPED && o.items().size() == 1);
        AmazonOrderItem item = order.items().get(0);
        clock.advance(Duration.ofMinutes(30));

        HttpResponse<String> r = confirm(order.orderId(), body("1", item.orderItemId(), item.quantityOrdered(),
                "USPS", "9400100105807076063249"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(seller.shipmentConfirmationCount(order.orderId())).isEqualTo(1);
        assertThat(seller.shipmentConfirmations(order.orderId())).singleElement().satisfies(c -> {
            assertThat(c.carrierCode()).isEqualTo("USPS");
            assertThat(c.trackingNumber()).isEqualTo("9400100105807076063249");
            assertThat(c.shippingMethod()).isEqualTo("USPS Ground Advantage");
            assertThat(c.items()).containsEntry(item.orderItemId(), item.quantityOrdered());
        });
        AmazonOrder after = seller.order(order.orderId()).orElseThrow();
        assertThat(after.status()).isEqualTo(AmazonStatus.SHIPPED);
        assertThat(after.lastUpdatedTime()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));

        List<JsonNode> listed = client.pageAll(token, "lastUpdatedAfter=" + NOW.plus(Duration.ofMinutes(20))
                + "&includedData=FULFILLMENT,PACKAGES", null);
        assertThat(listed).singleElement().satisfies(o -> {
            assertThat(o.path("orderId").asString()).isEqualTo(order.orderId());
            assertThat(o.path("fulfillment").path("fulfillmentStatus").asString()).isEqualTo("SHIPPED");
            assertThat(o.path("packages").path(0).path("trackingNumber").asString())
                    .isEqualTo("9400100105807076063249");
        });
    }

    @Test
    void partOfTheItemsMakesThePartiallyShippedAndTheSameReferenceEditsThePackage() {
        AmazonOrder order = first(o -> o.status() == AmazonStatus.UNSHIPPED && o.items().size() >= 2);
        AmazonOrderItem item = order.items().get(0);

        assertThat(confirm(order.orderId(), body("7", item.orderItemId(), item.quantityOrdered(), "UPS", "1Z1"))
                .statusCode()).isEqualTo(204);
        assertThat(seller.order(order.orderId()).orElseThrow().status()).isEqualTo(AmazonStatus.PARTIALLY_SHIPPED);

        assertThat(confirm(order.orderId(), body("7", item.orderItemId(), item.quantityOrdered(), "UPS", "1Z2"))
                .statusCode()).isEqualTo(204);
        AmazonOrder after = seller.order(order.orderId()).orElseThrow();
        assertThat(after.packages()).singleElement().satisfies(p -> assertThat(p.trackingNumber()).isEqualTo("1Z2"));
        assertThat(after.items().get(0).quantityShipped()).isEqualTo(item.quantityOrdered());
        assertThat(seller.shipmentConfirmationCount(order.orderId())).isEqualTo(2);
    }

    @Test
    void badConfirmationsAreRefusedWithAmazonsErrorListAndNotCounted() {
        AmazonOrder order = first(o -> o.status() == AmazonStatus.UNSHIPPED);
        AmazonOrderItem item = order.items().get(0);
        String id = order.orderId();

        assertRefused(id, body("1", "99999999999999", 1, "USPS", "94001"), 400, "InvalidInput", "has no order item");
        assertRefused(id, body("1", item.orderItemId(), item.quantityOrdered() + 1, "USPS", "94001"), 400,
                "InvalidInput", "left to ship");
        assertRefused(id, body("1", item.orderItemId(), 1, "USPS", ""), 400, "InvalidInput", "trackingNumber");
        assertRefused(id, body("0", item.orderItemId(), 1, "USPS", "94001"), 400, "InvalidInput",
                "packageReferenceId");
        assertRefused(id, body("1", item.orderItemId(), 1, "Other", "94001"), 400, "InvalidInput", "carrierName");
        assertRefused(id, body("1", item.orderItemId(), 1, "USPS", "94001").replace("2026-03-02T11:00:00Z",
                "02/21/2022"), 400, "InvalidInput", "shipDate");
        assertRefused(id, body("1", item.orderItemId(), 1, "USPS", "94001").replace(AmazonSimulator.US_MARKETPLACE,
                "A2EUQ1WTGCTBG2"), 400, "InvalidInput", "marketplace");
        assertRefused(id, "{\"marketplaceId\":", 400, "InvalidInput", "JSON");
        assertRefused("111-0000000-0000000", body("1", item.orderItemId(), 1, "USPS", "94001"), 404, "NotFound",
                "No order");
        AmazonOrder cancelled = first(o -> o.status() == AmazonStatus.CANCELLED);
        assertRefused(cancelled.orderId(), body("1", cancelled.items().get(0).orderItemId(), 1, "USPS", "94001"), 400,
                "InvalidInput", "Canceled");

        assertThat(seller.shipmentConfirmationCount(id)).isZero();
        assertThat(seller.order(id).orElseThrow()).isEqualTo(order);
    }

    @Test
    void confirmationsNeedATokenAndAreRateLimitedByTheirOwnUsagePlan() {
        AmazonOrder order = first(o -> o.status() == AmazonStatus.UNSHIPPED);
        HttpResponse<String> anonymous = client.send(client.request("/orders/v0/orders/" + order.orderId()
                + "/shipmentConfirmation").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(anonymous.statusCode()).isEqualTo(403);

        String body = "{\"marketplaceId\":\"" + AmazonSimulator.US_MARKETPLACE + "\"}";
        for (int i = 0; i < AmazonSimulator.CONFIRM_SHIPMENT_QUOTA.burst(); i++) {
            assertThat(confirm(order.orderId(), body).statusCode()).isEqualTo(400);
        }
        HttpResponse<String> throttled = confirm(order.orderId(), body);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(errorCode(throttled)).isEqualTo("QuotaExceeded");
        assertThat(throttled.headers().firstValue("x-amzn-RateLimit-Limit")).hasValue("2");
    }

    private void assertRefused(String orderId, String body, int status, String code, String details) {
        HttpResponse<String> r = confirm(orderId, body);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(errorCode(r)).as(body).isEqualTo(code);
        assertThat(json(r).path("errors").path(0).path("details").asString()).as(body).contains(details);
    }

    private HttpResponse<String> confirm(String orderId, String body) {
        return client.send(client.request("/orders/v0/orders/" + orderId + "/shipmentConfirmation")
                .header("x-amz-access-token", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private AmazonOrder first(Predicate<AmazonOrder> p) {
        return seller.orders().stream().filter(p).findFirst().orElseThrow();
    }

    private static String body(String reference, String orderItemId, int quantity, String carrier, String tracking) {
        return """
            {"marketplaceId":"%s",
             "packageDetail":{"packageReferenceId":"%s","carrierCode":"%s","shippingMethod":"USPS Ground Advantage",
               "trackingNumber":"%s","shipDate":"2026-03-02T11:00:00Z",
               "orderItems":[{"orderItemId":"%s","quantity":%d}]}}
            """.formatted(AmazonSimulator.US_MARKETPLACE, reference, carrier, tracking, orderItemId, quantity);
    }
}
