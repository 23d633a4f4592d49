package dev.esm.sandbox.ebay;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static dev.esm.sandbox.ebay.EbayHttp.ORDERS;
import static dev.esm.sandbox.ebay.EbayHttp.errorId;
import static dev.esm.sandbox.ebay.EbayHttp.filter;
import static dev.esm.sandbox.ebay.EbayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class EbayOrdersPagingTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final String ALL = filter("creationdate:[2026-01-01T00:00:00.000Z..]");

    private final SandboxClock clock = SandboxClock.fixed(NOW);
    private EbaySimulator ebay;
    private EbayApp app;
    private EbaySeller seller;
    private EbayHttp client;
    private String token;

    @BeforeEach
    void start() {
        ebay = new EbaySimulator(clock, 11).start(0);
        app = ebay.registerApp("paging-app", "paging-cert");
        seller = ebay.registerSeller("paging_seller").generateOrders(1000);
        client = new EbayHttp(ebay.baseUrl());
        token = client.accessToken(app, ebay.issueRefreshToken(app, seller));
    }

    @AfterEach
    void stop() {
        ebay.close();
    }

    @Test
    void limit200PagesThroughEveryOrderExactlyOnce() {
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> orders = client.pageAll(token, ALL + "&limit=200", sizes);

        assertThat(sizes).containsExactly(200, 200, 200, 200, 200);
        assertExactlyOnce(orders, seller.orderIds());
    }

    @Test
    void limit7PagesThroughEveryOrderExactlyOnceInLastModifiedOrder() {
        EbaySeller small = ebay.registerSeller("small_seller").generateOrders(300);
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> orders = client.pageAll(client.accessToken(app, ebay.issueRefreshToken(app, small)),
                ALL + "&limit=7", sizes);

        assertThat(sizes).hasSize(43);
        assertThat(sizes.get(42)).isEqualTo(300 - 42 * 7);
        assertExactlyOnce(orders, small.orderIds());
        List<String> keys = orders.stream().map(o -> o.path("lastModifiedDate").asString() + " "
                + o.path("orderId").asString()).toList();
        assertThat(keys).isSorted();
    }

    @Test
    void envelopeLooksLikeOrderSearchPagedCollection() {
        JsonNode first = json(client.get(ORDERS + "?" + ALL + "&limit=10", token));
        assertThat(first.path("total").asInt()).isEqualTo(1000);
        assertThat(first.path("limit").asInt()).isEqualTo(10);
        assertThat(first.path("offset").asInt()).isZero();
        assertThat(first.path("href").asString()).isEqualTo(ebay.baseUrl() + ORDERS
                + "?filter=creationdate:%5B2026-01-01T00:00:00.000Z..%5D&limit=10&offset=0");
        assertThat(first.path("next").asString()).endsWith("&limit=10&offset=10");
        assertThat(first.has("prev")).isFalse();

        JsonNode middle = json(client.get(first.path("next").asString(), token));
        assertThat(middle.path("offset").asInt()).isEqualTo(10);
        assertThat(middle.path("prev").asString()).endsWith("&limit=10&offset=0");

        JsonNode last = json(client.get(ORDERS + "?" + ALL + "&limit=10&offset=995", token));
        assertThat(last.path("orders").size()).isEqualTo(5);
        assertThat(last.has("next")).isFalse();
        JsonNode beyond = json(client.get(ORDERS + "?" + ALL + "&limit=10&offset=2000", token));
        assertThat(beyond.path("orders").size()).isZero();
        assertThat(beyond.path("total").asInt()).isEqualTo(1000);
    }

    @Test
    void orderFieldsFollowTheSpec() {
        List<JsonNode> orders = client.pageAll(token, ALL + "&limit=200", null);
        Map<String, Integer> statuses = new TreeMap<>();
        for (JsonNode o : orders) {
            assertThat(o.path("orderId").asString()).matches("\\d{2}-\\d{5}-\\d{5}");
            assertThat(o.path("creationDate").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(o.path("lastModifiedDate").asString()).isGreaterThanOrEqualTo(o.path("creationDate").asString());
            assertThat(o.path("orderFulfillmentStatus").asString()).isIn("NOT_STARTED", "IN_PROGRESS", "FULFILLED");
            assertThat(o.path("orderPaymentStatus").asString()).isIn("PAID", "PENDING", "FULLY_REFUNDED");
            assertThat(o.path("cancelStatus").path("cancelState").asString())
                    .isIn("NONE_REQUESTED", "IN_PROGRESS", "CANCELED");
            assertThat(o.path("buyer").path("username").asString()).isNotBlank();
            JsonNode total = o.path("pricingSummary").path("total");
            assertThat(total.path("value").isString()).isTrue();
            assertThat(total.path("value").asString()).matches("\\d+\\.\\d\\d");
            assertThat(total.path("currency").asString()).isEqualTo("USD");
            JsonNode instruction = o.path("fulfillmentStartInstructions").path(0);
            assertThat(instruction.path("maxEstimatedDeliveryDate").asString()).isNotBlank();
            JsonNode shipTo = instruction.path("shippingStep").path("shipTo");
            assertThat(shipTo.path("fullName").asString()).isNotBlank();
            assertThat(shipTo.path("primaryPhone").path("phoneNumber").asString()).matches("\\d{3}55501\\d{2}");
            JsonNode address = shipTo.path("contactAddress");
            for (String field : List.of("addressLine1", "city", "stateOrProvince", "postalCode", "countryCode")) {
                assertThat(address.path(field).asString()).as(field).isNotBlank();
            }
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode line : o.path("lineItems")) {
                assertThat(line.path("lineItemId").asString()).matches("\\d{11}");
                assertThat(line.path("sku").asString()).matches("EB-[A-Z0-9-]+");
                assertThat(line.path("title").asString()).isNotBlank();
                assertThat(line.path("quantity").isInt()).isTrue();
                assertThat(line.path("lineItemCost").path("value").asString()).matches("\\d+\\.\\d\\d");
                assertThat(line.path("lineItemFulfillmentStatus").asString())
                        .isIn("NOT_STARTED", "IN_PROGRESS", "FULFILLED");
                assertThat(line.path("lineItemFulfillmentInstructions").path("shipByDate").asString())
                        .endsWith(":59:59.000Z");
                sum = sum.add(new BigDecimal(line.path("total").path("value").asString()));
            }
            assertThat(sum).isEqualByComparingTo(new BigDecimal(total.path("value").asString()));
            statuses.merge(o.path("orderFulfillmentStatus").asString() + "/"
                    + o.path("cancelStatus").path("cancelState").asString(), 1, Integer::sum);
        }
        assertThat(statuses).containsKeys("NOT_STARTED/NONE_REQUESTED", "FULFILLED/NONE_REQUESTED",
                "NOT_STARTED/CANCELED");
        assertThat(statuses.get("FULFILLED/NONE_REQUESTED")).isGreaterThan(orders.size() / 2);
    }

    @Test
    void limitAndOffsetAreValidated() {
        HttpResponse<String> tooMany = client.get(ORDERS + "?limit=201", token);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        JsonNode error = json(tooMany).path("errors").path(0);
        assertThat(error.path("errorId").asInt()).isEqualTo(31100);
        assertThat(error.path("domain").asString()).isEqualTo("API_FULFILLMENT");
        assertThat(error.path("category").asString()).isEqualTo("REQUEST");
        assertThat(error.path("parameters").path(0).path("name").asString()).isEqualTo("limit");
        assertThat(errorId(client.get(ORDERS + "?limit=0", token))).isEqualTo(31100);
        assertThat(errorId(client.get(ORDERS + "?limit=abc", token))).isEqualTo(31100);
        assertThat(errorId(client.get(ORDERS + "?offset=-1", token))).isEqualTo(31000);

        assertThat(json(client.get(ORDERS + "?" + ALL, token)).path("orders").size()).isEqualTo(50);
        assertThat(client.get(ORDERS + "?limit=200", token).statusCode()).isEqualTo(200);
        ebay.setMaxLimit(1000);
        assertThat(client.get(ORDERS + "?limit=1000", token).statusCode()).isEqualTo(200);
    }

    @Test
    void offsetsStayPutWhileNewOrdersArrive() {
        List<JsonNode> seen = new ArrayList<>();
        String url = ORDERS + "?" + filter("lastmodifieddate:[2026-01-01T00:00:00.000Z..]") + "&limit=50";
        int page = 0;
        while (url != null) {
            JsonNode body = json(client.get(url, token));
            body.path("orders").forEach(seen::add);
            url = body.has("next") ? body.path("next").asString() : null;
            if (++page % 3 == 0) {
                clock.advance(Duration.ofSeconds(1));
                seller.tick(5, 0);
            }
        }
        Map<String, Long> counts = seen.stream().collect(Collectors.groupingBy(o -> o.path("orderId").asString(),
                Collectors.counting()));
        assertThat(counts.keySet()).containsAll(seller.orderIds().subList(0, 1000));
        assertThat(counts.values()).allMatch(c -> c == 1);
    }

    @Test
    void singleOrdersAndOrderIds() {
        String id = seller.orderId(3);
        HttpResponse<String> one = client.get(ORDERS + "/" + id, token);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one).path("orderId").asString()).isEqualTo(id);
        assertThat(client.get(ORDERS + "/99-99999-99999", token).statusCode()).isEqualTo(404);

        JsonNode some = json(client.get(ORDERS + "?orderIds=" + seller.orderId(1) + "," + seller.orderId(2)
                + ",00-00000-00000", token));
        assertThat(some.path("total").asInt()).isEqualTo(2);
        String tooMany = String.join(",", seller.orderIds().subList(0, 51));
        assertThat(errorId(client.get(ORDERS + "?orderIds=" + tooMany, token))).isEqualTo(30900);
    }

    @Test
    void sellersSeeOnlyTheirOwnOrders() {
        EbaySeller other = ebay.registerSeller("other_seller").generateOrders(20);
        String otherToken = client.accessToken(app, ebay.issueRefreshToken(app, other));
        Set<String> ids = client.pageAll(otherToken, ALL + "&limit=200", null).stream()
                .map(o -> o.path("orderId").asString()).collect(Collectors.toSet());
        assertThat(ids).isEqualTo(new HashSet<>(other.orderIds()));
        assertThat(client.get(ORDERS + "/" + seller.orderId(0), otherToken).statusCode()).isEqualTo(404);
    }

    private static void assertExactlyOnce(List<JsonNode> orders, List<String> expected) {
        Map<String, Long> counts = orders.stream().collect(Collectors.groupingBy(
                o -> o.path("orderId").asString(), Collectors.counting()));
        assertThat(counts.values()).allMatch(c -> c == 1);
        assertThat(counts.keySet()).isEqualTo(new HashSet<>(expected));
        assertThat(orders).hasSize(expected.size());
    }
}
