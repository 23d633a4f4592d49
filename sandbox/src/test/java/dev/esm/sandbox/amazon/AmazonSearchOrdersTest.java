package dev.esm.sandbox.amazon;

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

import static dev.esm.sandbox.amazon.AmazonHttp.encode;
import static dev.esm.sandbox.amazon.AmazonHttp.errorCode;
import static dev.esm.sandbox.amazon.AmazonHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class AmazonSearchOrdersTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final String ALL = "lastUpdatedAfter=2026-01-01T00:00:00Z&marketplaceIds=ATVPDKIKX0DER";
    private static final String EVERYTHING = "&includedData=BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,PACKAGES";

    private final SandboxClock clock = SandboxClock.fixed(NOW);
    private AmazonSimulator amazon;
    private AmazonSeller seller;
    private AmazonHttp client;
    private String token;

    @BeforeEach
    void start() {
        amazon = new AmazonSimulator(clock, 11).start(0).setQuotasEnabled(false);
        seller = amazon.registerSeller().generateOrders(450);
        client = new AmazonHttp(amazon);
        token = client.accessToken(seller);
    }

    @AfterEach
    void stop() {
        amazon.close();
    }

    @Test
    void pagesOfAHundredReachEveryOrderExactlyOnce() {
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> orders = client.pageAll(token, ALL, sizes);

        assertThat(sizes).containsExactly(100, 100, 100, 100, 50);
        assertExactlyOnce(orders, seller.orderIds());
    }

    @Test
    void smallPagesReachEveryOrderExactlyOnceAndTheLastPageHasNoPagination() {
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> orders = client.pageAll(token, ALL + "&maxResultsPerPage=7", sizes);

        assertThat(sizes).hasSize(65);
        assertThat(sizes.get(64)).isEqualTo(450 - 64 * 7);
        assertExactlyOnce(orders, seller.orderIds());
        JsonNode last = json(client.search("lastUpdatedAfter=2026-03-02T11:00:00Z", token));
        assertThat(last.has("pagination")).isFalse();
        assertThat(last.path("lastUpdatedBefore").asString()).isEqualTo("2026-03-02T12:00:00Z");
    }

    @Test
    void ordersFollowTheV2026Schema() {
        Map<String, Long> statuses = new TreeMap<>();
        for (JsonNode o : client.pageAll(token, ALL + EVERYTHING, null)) {
            assertThat(o.path("orderId").asString()).matches("\\d{3}-\\d{7}-\\d{7}");
            Instant created = Instant.parse(o.path("createdTime").asString());
            Instant updated = Instant.parse(o.path("lastUpdatedTime").asString());
            assertThat(updated).isBetween(created, NOW);
            assertThat(o.path("salesChannel").path("marketplaceId").asString()).isEqualTo("ATVPDKIKX0DER");
            assertThat(o.path("buyer").path("buyerName").asString()).isNotBlank();
            JsonNode fulfillment = o.path("fulfillment");
            String status = fulfillment.path("fulfillmentStatus").asString();
            statuses.merge(status, 1L, Long::sum);
            assertThat(fulfillment.path("fulfilledBy").asString()).isIn("MERCHANT", "AMAZON"); // AMAZON: FBA
            Instant shipBy = Instant.parse(fulfillment.path("shipByWindow").path("latestDateTime").asString());
            assertThat(Duration.between(created, shipBy)).isBetween(Duration.ZERO, Duration.ofDays(4));
            assertThat(Instant.parse(fulfillment.path("deliverByWindow").path("latestDateTime").asString()))
                    .isAfter(shipBy);
            boolean shippable = Set.of("UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED").contains(status);
            JsonNode address = o.path("recipient").path("deliveryAddress");
            assertThat(address.isMissingNode()).isEqualTo(!shippable);
            if (shippable) {
                assertThat(address.path("name").asString()).isEqualTo(o.path("buyer").path("buyerName").asString());
                assertThat(address.path("addressLine1").asString()).isNotBlank();
                assertThat(address.path("countryCode").asString()).isEqualTo("US");
                assertThat(o.path("buyer").path("buyerEmail").asString()).endsWith("@marketplace.amazon.com");
                if (address.has("phone")) {
                    assertThat(address.path("phone").asString()).matches("\\+1 \\d{3}-555-01\\d{2}");
                }
            }
            JsonNode total = o.path("proceeds").path("grandTotal");
            assertThat(total.path("amount").isString()).isTrue();
            assertThat(total.path("currencyCode").asString()).isEqualTo("USD");
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode item : o.path("orderItems")) {
                JsonNode product = item.path("product");
                assertThat(product.path("sellerSku").asString()).matches("AMZ-[A-Z0-9-]+");
                assertThat(product.path("asin").asString()).matches("B0[A-Z0-9]{8}");
                assertThat(item.path("quantityOrdered").asInt()).isBetween(1, 3);
                // two or three decimals as Amazon sends them ("22.495"), or no unitPrice at all (only proceeds)
                if (product.has("price")) {
                    assertThat(product.path("price").path("unitPrice").path("amount").asString())
                            .matches("\\d+\\.\\d{2,3}");
                }
                sum = sum.add(new BigDecimal(item.path("proceeds").path("proceedsTotal").path("amount").asString()));
                int shipped = item.path("fulfillment").path("quantityFulfilled").asInt();
                assertThat(shipped + item.path("fulfillment").path("quantityUnfulfilled").asInt())
                        .isEqualTo(item.path("quantityOrdered").asInt());
            }
            assertThat(new BigDecimal(total.path("amount").asString())).isEqualByComparingTo(sum);
            if (status.equals("SHIPPED") || status.equals("PARTIALLY_SHIPPED")) {
                assertThat(o.path("packages").get(0).path("trackingNumber").asString()).isNotBlank();
            }
        }
        assertThat(statuses.keySet()).contains("PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED");
    }

    @Test
    void withoutIncludedDataOnlyTheCoreAndItemsAreSent() {
        JsonNode order = json(client.search(ALL + "&maxResultsPerPage=1", token)).path("orders").get(0);
        assertThat(order.has("orderItems")).isTrue();
        for (String absent : List.of("buyer", "recipient", "proceeds", "fulfillment", "packages")) {
            assertThat(order.has(absent)).as(absent).isFalse();
        }
    }

    @Test
    void getOrderAnswersOneOrder() {
        String id = seller.orderId(3);
        HttpResponse<String> response = client.get(AmazonSimulator.ORDERS_PATH + "/" + id + "?includedData=BUYER", token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("order").path("orderId").asString()).isEqualTo(id);
        HttpResponse<String> missing = client.get(AmazonSimulator.ORDERS_PATH + "/199-0000000-0000000", token);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(errorCode(missing)).isEqualTo("NotFound");
    }

    @Test
    void parametersAreValidatedAsTheSpecSays() {
        List<String> invalid = List.of(
                "",                                                        // neither createdAfter nor lastUpdatedAfter
                "createdAfter=2026-01-01T00:00:00Z&lastUpdatedAfter=2026-01-01T00:00:00Z",
                "createdAfter=2026-01-01T00:00:00Z&lastUpdatedBefore=2026-02-01T00:00:00Z",
                "lastUpdatedAfter=2026-01-01T00:00:00Z&lastUpdatedBefore=2026-03-02T11:59:00Z", // not 2 min ago
                "lastUpdatedAfter=2026-02-01T00:00:00Z&lastUpdatedBefore=2026-01-01T00:00:00Z",
                "lastUpdatedAfter=yesterday",
                ALL + "&maxResultsPerPage=101",
                ALL + "&maxResultsPerPage=0",
                ALL + "&fulfillmentStatuses=LOST",
                ALL + "&includedData=EVERYTHING",
                ALL + "&paginationToken=not-a-token");
        for (String query : invalid) {
            HttpResponse<String> r = client.search(query, token);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(errorCode(r)).as(query).isEqualTo("InvalidInput");
        }
        for (String query : List.of("lastUpdatedAfter=2026-01-01", "lastUpdatedAfter=2026-01-01T01:00:00%2B01:00",
                "createdAfter=2026-01-01T00:00:00Z&createdBefore=2026-03-02T11:58:00Z",
                ALL + "&fulfillmentStatuses=PENDING,UNSHIPPED&fulfilledBy=MERCHANT",
                ALL + "&marketplaceIds=A2EUQ1WTGCTBG2")) {
            assertThat(client.search(query, token).statusCode()).as(query).isEqualTo(200);
        }
    }

    @Test
    void filtersNarrowTheListing() {
        Set<String> unshipped = ids(client.pageAll(token, ALL + "&fulfillmentStatuses=UNSHIPPED", null));
        assertThat(unshipped).isNotEmpty().allSatisfy(id -> assertThat(seller.order(id).orElseThrow().status())
                .isEqualTo(AmazonStatus.UNSHIPPED));
        assertThat(client.pageAll(token, "lastUpdatedAfter=2026-01-01T00:00:00Z&marketplaceIds=A2EUQ1WTGCTBG2",
                null)).isEmpty();
        List<JsonNode> fba = client.pageAll(token, ALL + EVERYTHING + "&fulfilledBy=AMAZON", null);
        assertThat(fba).isNotEmpty().allSatisfy(o -> assertThat(o.path("fulfillment").path("fulfilledBy").asString())
                .isEqualTo("AMAZON"));
        assertThat(client.pageAll(token, ALL + "&fulfilledBy=MERCHANT", null)).noneMatch(o -> fba.stream()
                .anyMatch(f -> f.path("orderId").equals(o.path("orderId"))));

        Instant from = NOW.minus(Duration.ofDays(3));
        List<JsonNode> created = client.pageAll(token, "createdAfter=" + from, null);
        long expected = seller.orders().stream().filter(o -> !o.createdTime().isBefore(from)).count();
        assertThat(created).hasSize((int) expected);
        assertThat(json(client.search("createdAfter=" + from, token)).path("createdBefore").asString())
                .isEqualTo("2026-03-02T12:00:00Z");
    }

    @Test
    void theTokenNeedsTheSameParametersAndExpiresAfterADay() {
        String next = json(client.search(ALL + "&maxResultsPerPage=5", token)).path("pagination").path("nextToken")
                .asString();
        String withToken = "&paginationToken=" + encode(next);
        assertThat(client.search(ALL + "&maxResultsPerPage=9&includedData=BUYER" + withToken, token).statusCode())
                .isEqualTo(200);
        HttpResponse<String> changed = client.search("lastUpdatedAfter=2026-01-02T00:00:00Z" + withToken, token);
        assertThat(changed.statusCode()).isEqualTo(400);

        AmazonSeller other = amazon.registerSeller().generateOrders(3);
        assertThat(client.search(ALL + withToken, client.accessToken(other)).statusCode()).isEqualTo(400);

        clock.advance(Duration.ofHours(25));
        String fresh = client.accessToken(seller);
        assertThat(client.search(ALL + withToken, fresh).statusCode()).isEqualTo(400);
    }

    @Test
    void pagingStaysConsistentWhileOrdersArriveAndChangeAndTheNextWindowCatchesTheChanged() {
        List<JsonNode> seen = new ArrayList<>();
        Set<String> changed = new HashSet<>();
        String next = null;
        String end = null;
        int page = 0;
        do {
            String query = ALL + "&maxResultsPerPage=40" + (next == null ? "" : "&paginationToken=" + encode(next));
            JsonNode body = json(client.search(query, token));
            body.path("orders").forEach(seen::add);
            end = body.path("lastUpdatedBefore").asString();
            next = body.path("pagination").path("nextToken").isMissingNode() ? null
                    : body.path("pagination").path("nextToken").asString();
            if (++page % 3 == 0) {
                clock.advance(Duration.ofSeconds(1));
                AmazonSeller.TickResult tick = seller.tick(5, 10);
                changed.addAll(tick.created());
                changed.addAll(tick.changed());
            }
        } while (next != null);
        assertThat(end).isEqualTo("2026-03-02T12:00:00Z");
        Set<String> unchanged = new HashSet<>(seller.orderIds().subList(0, 450));
        unchanged.removeAll(changed);
        assertThat(ids(seen)).containsAll(unchanged).doesNotContainAnyElementsOf(
                changed.stream().filter(id -> seller.indexOf(id) >= 450).toList());

        Set<String> nextWindow = ids(client.pageAll(token, "lastUpdatedAfter=" + end, null));
        assertThat(nextWindow).containsAll(changed);
    }

    private static Set<String> ids(List<JsonNode> orders) {
        return orders.stream().map(o -> o.path("orderId").asString()).collect(Collectors.toSet());
    }

    private static void assertExactlyOnce(List<JsonNode> orders, List<String> expected) {
        Map<String, Long> counts = orders.stream().collect(Collectors.groupingBy(
                o -> o.path("orderId").asString(), Collectors.counting()));
        assertThat(counts.values()).allMatch(c -> c == 1);
        assertThat(counts.keySet()).isEqualTo(new HashSet<>(expected));
        assertThat(orders).hasSize(expected.size());
    }
}
