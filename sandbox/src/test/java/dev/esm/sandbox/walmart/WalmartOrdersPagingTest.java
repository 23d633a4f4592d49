package dev.esm.sandbox.walmart;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.esm.sandbox.walmart.WalmartHttp.errorCode;
import static dev.esm.sandbox.walmart.WalmartHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class WalmartOrdersPagingTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final String ALL = "createdStartDate=2026-01-01";

    private final SandboxClock clock = SandboxClock.fixed(NOW);
    private WalmartSimulator walmart;
    private WalmartSeller seller;
    private WalmartHttp client;
    private String token;

    @BeforeEach
    void start() {
        walmart = new WalmartSimulator(clock, 11).start(0).setQuotasEnabled(false);
        seller = walmart.registerSeller("paging-client", "paging-secret").generateOrders(1000);
        client = new WalmartHttp(walmart.baseUrl());
        token = client.token(seller);
    }

    @AfterEach
    void stop() {
        walmart.close();
    }

    @Test
    void limit200PagesThroughEveryOrderExactlyOnce() {
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> orders = client.pageAll(token, "?limit=200&" + ALL, sizes);

        assertThat(sizes).containsExactly(200, 200, 200, 200, 200);
        assertExactlyOnce(orders, seller.purchaseOrderIds());
    }

    @Test
    void limit7PagesThroughEveryOrderExactlyOnce() {
        WalmartSeller small = walmart.registerSeller("paging-client-2", "paging-secret-2").generateOrders(300);
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> orders = client.pageAll(client.token(small), "?limit=7&" + ALL, sizes);

        assertThat(sizes).hasSize(43);
        assertThat(sizes.get(42)).isEqualTo(300 - 42 * 7);
        assertExactlyOnce(orders, small.purchaseOrderIds());
    }

    @Test
    void envelopeAndCursorLookLikeWalmarts() {
        HttpResponse<String> response = client.get("/v3/orders?limit=10&" + ALL + "&status=Acknowledged", token);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode meta = json(response).path("list").path("meta");
        assertThat(meta.path("limit").asInt()).isEqualTo(10);
        assertThat(meta.path("totalCount").asInt()).isGreaterThan(10);
        String cursor = meta.path("nextCursor").asString();
        assertThat(cursor).startsWith("?limit=10&hasMoreElements=true&soIndex=")
                .contains("&poIndex=", "&sellerId=" + seller.sellerId(), "&status=Acknowledged",
                        "&createdStartDate=2026-01-01", "&createdEndDate=2026-03-02T12:00:00Z");

        HttpResponse<String> last = client.get("/v3/orders?limit=200&createdStartDate=2026-03-01T11:00:00Z", token);
        JsonNode lastMeta = json(last).path("list").path("meta");
        assertThat(lastMeta.has("nextCursor")).isFalse();
    }

    @Test
    void orderFieldsFollowTheSpec() {
        JsonNode orders = json(client.get("/v3/orders?limit=200&" + ALL, token)).path("list").path("elements")
                .path("order");
        assertThat(orders.size()).isEqualTo(200);
        for (JsonNode o : orders) {
            assertThat(o.path("purchaseOrderId").isString()).isTrue();
            assertThat(o.path("customerOrderId").asString()).matches("5\\d{12}");
            assertThat(o.path("customerEmailId").asString()).matches("[0-9A-F]{32}@relay\\.walmart\\.com");
            assertThat(o.path("orderDate").isIntegralNumber()).isTrue();
            JsonNode shipping = o.path("shippingInfo");
            assertThat(shipping.path("phone").asString()).matches("\\d{3}55501\\d{2}");
            long orderDate = o.path("orderDate").asLong();
            long shipBy = shipping.path("estimatedShipDate").asLong();
            assertThat(shipBy - orderDate).isBetween(0L, Duration.ofDays(5).toMillis());
            assertThat(shipping.path("estimatedDeliveryDate").asLong()).isGreaterThan(shipBy);
            assertThat(shipping.path("methodCode").asString()).isIn("Standard", "Express", "OneDay", "Value");
            JsonNode address = shipping.path("postalAddress");
            for (String field : List.of("name", "address1", "city", "state", "postalCode", "addressType")) {
                assertThat(address.path(field).asString()).as(field).isNotBlank();
            }
            assertThat(address.path("country").asString()).isEqualTo("USA");
            JsonNode lines = o.path("orderLines").path("orderLine");
            assertThat(lines.size()).isBetween(1, 4);
            for (JsonNode line : lines) {
                assertThat(line.path("lineNumber").isString()).isTrue();
                assertThat(line.path("item").path("sku").asString()).matches("WM-[A-Z0-9-]+");
                assertThat(line.path("item").path("productName").asString()).isNotBlank();
                JsonNode charge = line.path("charges").path("charge").path(0);
                assertThat(charge.path("chargeType").asString()).isEqualTo("PRODUCT");
                assertThat(charge.path("chargeName").asString()).isEqualTo("ItemPrice");
                assertThat(charge.path("chargeAmount").path("currency").asString()).isEqualTo("USD");
                assertThat(charge.path("chargeAmount").path("amount").isNumber()).isTrue();
                assertThat(charge.path("chargeAmount").path("amount").decimalValue())
                        .isBetween(new java.math.BigDecimal("4.99"), new java.math.BigDecimal("249.99"));
                assertThat(charge.path("tax").path("taxAmount").path("amount").isNumber()).isTrue();
                JsonNode qty = line.path("orderLineQuantity");
                assertThat(qty.path("unitOfMeasurement").asString()).isEqualTo("EACH");
                assertThat(qty.path("amount").isString()).isTrue();
                assertThat(Integer.parseInt(qty.path("amount").asString())).isBetween(1, 3);
                assertThat(line.path("statusDate").isIntegralNumber()).isTrue();
                JsonNode status = line.path("orderLineStatuses").path("orderLineStatus").path(0);
                assertThat(status.path("status").asString())
                        .isIn("Created", "Acknowledged", "Shipped", "Delivered", "Cancelled");
                assertThat(status.path("statusQuantity").path("amount").isString()).isTrue();
                if (status.path("status").asString().equals("Shipped")) {
                    assertThat(status.path("trackingInfo").path("trackingNumber").asString()).isNotBlank();
                }
            }
        }
        Map<String, Long> statuses = new java.util.TreeMap<>();
        orders.forEach(o -> o.path("orderLines").path("orderLine").forEach(l -> statuses.merge(
                l.path("orderLineStatuses").path("orderLineStatus").path(0).path("status").asString(), 1L, Long::sum)));
        assertThat(statuses.keySet()).contains("Created", "Acknowledged", "Shipped", "Delivered", "Cancelled");
    }

    @Test
    void singleOrderEnvelope() {
        String id = seller.purchaseOrderId(3);
        HttpResponse<String> response = client.get("/v3/orders/" + id, token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("order").path("purchaseOrderId").asString()).isEqualTo(id);

        HttpResponse<String> missing = client.get("/v3/orders/1999000000001", token);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(errorCode(missing)).isEqualTo("CONTENT_NOT_FOUND");
    }

    @Test
    void limitAndDatesAreValidated() {
        HttpResponse<String> tooMany = client.get("/v3/orders?limit=201", token);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(errorCode(tooMany)).isEqualTo("INVALID_REQUEST_PARAM");
        assertThat(client.get("/v3/orders?limit=0", token).statusCode()).isEqualTo(400);
        assertThat(client.get("/v3/orders?limit=abc", token).statusCode()).isEqualTo(400);
        assertThat(client.get("/v3/orders?createdStartDate=yesterday", token).statusCode()).isEqualTo(400);
        assertThat(client.get("/v3/orders?status=Lost", token).statusCode()).isEqualTo(400);

        JsonNode defaults = json(client.get("/v3/orders?" + ALL, token)).path("list");
        assertThat(defaults.path("meta").path("limit").asInt()).isEqualTo(100);
        assertThat(defaults.path("elements").path("order").size()).isEqualTo(100);

        for (String start : List.of("2026-02-20", "2026-02-20T00:00:00Z", "2026-02-20T00:00:00.000Z",
                "2026-02-20T00:00:00.123456Z", "2026-02-20T00:00:00%2B0000", "2026-02-20T01:00:00%2B01:00")) {
            HttpResponse<String> r = client.get("/v3/orders?limit=1&createdStartDate=" + start, token);
            assertThat(r.statusCode()).as(start).isEqualTo(200);
        }
    }

    @Test
    void withoutDatesOnlyTheLastSevenDaysAreListed() {
        long weekAgo = NOW.minus(Duration.ofDays(7)).toEpochMilli();
        List<JsonNode> orders = client.pageAll(token, "?limit=200", null);
        long expected = seller.purchaseOrderIds().stream()
                .filter(id -> seller.order(id).orElseThrow().orderDate() >= weekAgo).count();
        assertThat(orders).hasSize((int) expected);
        assertThat(orders).allSatisfy(o -> assertThat(o.path("orderDate").asLong()).isGreaterThanOrEqualTo(weekAgo));
    }

    @Test
    void pagingStaysConsistentWhileOrdersArriveAndChange() {
        List<JsonNode> seen = new ArrayList<>();
        String query = "?limit=50&" + ALL;
        int page = 0;
        while (query != null) {
            JsonNode list = json(client.get("/v3/orders" + query, token)).path("list");
            list.path("elements").path("order").forEach(seen::add);
            JsonNode next = list.path("meta").path("nextCursor");
            query = next.isMissingNode() ? null : next.asString();
            if (++page % 3 == 0) {
                clock.advance(Duration.ofSeconds(1));
                seller.tick(5, 10);
            }
        }
        Set<String> ids = seen.stream().map(o -> o.path("purchaseOrderId").asString()).collect(Collectors.toSet());
        assertThat(ids).containsAll(seller.purchaseOrderIds().subList(0, 1000));
    }

    @Test
    void aCursorFromAnotherSellerIsRefused() {
        WalmartSeller other = walmart.registerSeller("other-client", "other-secret").generateOrders(20);
        String cursor = json(client.get("/v3/orders?limit=5&" + ALL, client.token(other)))
                .path("list").path("meta").path("nextCursor").asString();
        HttpResponse<String> r = client.get("/v3/orders" + cursor, token);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(errorCode(r)).isEqualTo("INVALID_REQUEST_PARAM");
    }

    @Test
    void tooLargeAWindowIsRefusedAndEmptyListsCanBe404() {
        walmart.setMaxOrdersPerQuery(500);
        HttpResponse<String> r = client.get("/v3/orders?limit=10&" + ALL, token);
        assertThat(r.statusCode()).isEqualTo(400);
        walmart.setMaxOrdersPerQuery(0);
        assertThat(client.get("/v3/orders?limit=10&" + ALL, token).statusCode()).isEqualTo(200);

        String empty = "/v3/orders?createdStartDate=2026-03-03";
        HttpResponse<String> notFound = client.get(empty, token);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(json(notFound).path("errors").path("error").path(0).path("code").asString())
                .isEqualTo("CONTENT_NOT_FOUND.GMP_ORDER_API");
        walmart.setNotFoundWhenEmpty(false);
        assertThat(json(client.get(empty, token)).path("list").path("meta").path("totalCount").asInt()).isZero();
    }

    @Test
    void ordersModifiedBefore2020PageToo() {
        try (WalmartSimulator old = new WalmartSimulator(SandboxClock.fixed(Instant.parse("2019-06-01T00:00:00Z")), 1)
                .start(0).setQuotasEnabled(false)) {
            WalmartSeller s = old.registerSeller("old", "old").generateOrders(40);
            WalmartHttp c = new WalmartHttp(old.baseUrl());
            assertExactlyOnce(c.pageAll(c.token(s), "?limit=9&createdStartDate=2019-01-01", null),
                    s.purchaseOrderIds());
        }
    }

    private static void assertExactlyOnce(List<JsonNode> orders, List<String> expected) {
        Map<String, Long> counts = orders.stream().collect(Collectors.groupingBy(
                o -> o.path("purchaseOrderId").asString(), Collectors.counting()));
        assertThat(counts.values()).allMatch(c -> c == 1);
        assertThat(counts.keySet()).isEqualTo(new HashSet<>(expected));
        assertThat(orders).hasSize(expected.size());
    }
}
