package dev.esm.connectors.amazon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.orders.OrderStatus;
import dev.esm.orders.spi.MarketplaceOrder;

/**
 * The connector reads Amazon's own example payloads from the published Orders API v2026-01-01 model
 * (shared/contracts/amazon-sp-api), so it is not tuned to our simulator alone.
 */
class AmazonVendorExampleTests {

    private static final Path SPEC = Path.of("../../shared/contracts/amazon-sp-api/orders_2026-01-01.json");

    @Test
    void readsTheSearchOrdersExample() throws IOException {
        JsonNode example = spec().path("paths").path("/orders/2026-01-01/orders").path("get").path("responses")
                .path("200").path("examples").path("application/json");
        MarketplaceOrder order = AmazonOrders.toOrder(example.path("orders").get(0));

        assertThat(order.marketplaceOrderId()).isEqualTo("123-4567890-1234567");
        assertThat(order.orderedAt()).isEqualTo(Instant.parse("2024-12-25T10:30:00Z"));
        assertThat(order.lastModifiedAt()).isEqualTo(Instant.parse("2024-12-25T14:45:00Z"));
        assertThat(order.shipBy()).isEqualTo(Instant.parse("2024-12-27T23:59:59Z"));
        assertThat(order.deliverBy()).isEqualTo(Instant.parse("2024-12-30T23:59:59Z"));
        assertThat(order.marketplaceStatus()).isEqualTo("SHIPPED");
        assertThat(order.status()).isEqualTo(OrderStatus.DELIVERED); // its one package is DELIVERED
        assertThat(order.currency()).isEqualTo("USD");
        assertThat(order.total()).isEqualByComparingTo(new BigDecimal("154.99"));
        assertThat(order.lines()).hasSize(2).first().satisfies(line -> {
            assertThat(line.lineNumber()).isEqualTo("12345678901234");
            assertThat(line.sku()).isEqualTo("ECHO-DOT-4-CHARCOAL");
            assertThat(line.quantity()).isEqualTo(2);
            assertThat(line.unitPrice()).isEqualByComparingTo(new BigDecimal("49.99"));
            assertThat(line.status()).isEqualTo("DELIVERED");
        });
        MarketplaceOrder.Buyer buyer = order.buyer();
        assertThat(buyer.name()).isEqualTo("John Smith");
        assertThat(buyer.address1()).isEqualTo("123 Main Street");
        assertThat(buyer.address2()).isEqualTo("Suite 456");
        assertThat(buyer.city()).isEqualTo("Seattle");
        assertThat(buyer.state()).isEqualTo("WA");
        assertThat(buyer.postalCode()).isEqualTo("98101");
        assertThat(buyer.country()).isEqualTo("US");
        assertThat(buyer.phone()).isEqualTo("555-123-4567");
        assertThat(buyer.toString()).doesNotContain("John");
        assertThat(example.path("pagination").path("nextToken").asString()).isNotBlank();
    }

    @Test
    void readsTheSandboxExamplesWithTheirMoneyAndStatuses() throws IOException {
        JsonNode search = spec().path("paths").path("/orders/2026-01-01/orders").path("get").path("responses")
                .path("200").path("x-amzn-api-sandbox").path("static");
        MarketplaceOrder japan = AmazonOrders.toOrder(search.get(0).path("response").path("orders").get(0));
        assertThat(japan.currency()).isEqualTo("JPY");
        assertThat(japan.total()).isEqualByComparingTo(new BigDecimal("19940"));
        assertThat(japan.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(japan.buyer().phone()).isNull();

        MarketplaceOrder business = AmazonOrders.toOrder(search.get(2).path("response").path("orders").get(0));
        assertThat(business.status()).isEqualTo(OrderStatus.UNSHIPPED);
        assertThat(business.shipBy()).isEqualTo(Instant.parse("2024-12-24T23:59:59Z"));
        assertThat(business.total()).isEqualByComparingTo(new BigDecimal("1599.90"));

        JsonNode getOrder = spec().path("paths").path("/orders/2026-01-01/orders/{orderId}").path("get")
                .path("responses").path("200").path("x-amzn-api-sandbox").path("static");
        MarketplaceOrder pickup = AmazonOrders.toOrder(getOrder.get(2).path("response").path("order"));
        assertThat(pickup.shipBy()).isNull();
        assertThat(pickup.buyer().name()).isEqualTo("Test Store #1234");
    }

    @Test
    void readsEveryOrderExampleInTheSpec() throws IOException {
        int[] parsed = {0};
        walk(spec(), node -> {
            if (node.path("orderId").isString() && node.has("orderItems") && node.has("createdTime")) {
                MarketplaceOrder order = AmazonOrders.toOrder(node);
                assertThat(order.marketplaceOrderId()).isNotBlank();
                assertThat(order.lines()).isNotEmpty();
                assertThat(order.total()).isNotNull();
                assertThat(order.orderedAt()).isNotNull();
                parsed[0]++;
            }
        });
        assertThat(parsed[0]).isGreaterThanOrEqualTo(7);
    }

    private static JsonNode spec() throws IOException {
        Assumptions.assumeTrue(Files.exists(SPEC), "shared/contracts is not beside this checkout");
        return JsonMapper.builder().build().readTree(Files.readString(SPEC));
    }

    private static void walk(JsonNode node, java.util.function.Consumer<JsonNode> visit) {
        visit.accept(node);
        for (JsonNode child : node) {
            walk(child, visit);
        }
    }
}
