package dev.esm.marketplace.amazon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.shared.FulfilledBy;
import dev.esm.shared.OrderFlag;
import dev.esm.shared.OrderStatus;
import dev.esm.marketplace.MarketplaceOrder;
import dev.esm.marketplace.SharedContracts;

/**
 * The connector reads Amazon's own example payloads from the published Orders API v2026-01-01 model
 * (shared/contracts/amazon-sp-api), so it is not tuned to our simulator alone.
 */
class AmazonVendorExampleTests {

    private static final String SPEC = "amazon-sp-api/orders_2026-01-01.json";

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
            assertThat(line.unitPriceDerived()).isFalse();
            assertThat(line.condition()).isEqualTo("NEW");
            assertThat(line.variation()).isNull();
            assertThat(line.charges().itemSubtotal()).isEqualByComparingTo("99.98");
            assertThat(line.charges().sellerTax()).isEqualByComparingTo("0.02"); // no MARKETPLACE_FACILITATOR model
            assertThat(line.charges().marketplaceTax()).isNull();
            assertThat(line.charges().shipping()).isNull();
        });
        // the buyer's cancellation request was executed: not a pending request
        assertThat(order.status()).isNotEqualTo(OrderStatus.CANCEL_REQUESTED);
        MarketplaceOrder.Details details = order.details();
        assertThat(details.fulfilledBy()).isEqualTo(FulfilledBy.SELLER);
        assertThat(details.requestedService()).isEqualTo("STANDARD");
        assertThat(details.flags()).containsExactlyInAnyOrder(OrderFlag.PRIME, OrderFlag.BUSINESS, OrderFlag.GIFT,
                OrderFlag.REPLACEMENT);
        assertThat(details.charges().itemSubtotal()).isEqualByComparingTo("149.97");
        assertThat(details.charges().sellerTax()).isEqualByComparingTo("0.02");
        assertThat(details.charges().fees()).isNull();
        assertThat(order.lines().get(1).charges().itemSubtotal()).isEqualByComparingTo("49.99");
        assertThat(order.buyer().giftMessage()).isEqualTo("Happy Holidays! Enjoy your new smart speakers.");
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
    void anItemWithoutUnitPriceGetsItDerivedFromItsProceedsExactly() throws IOException {
        JsonNode example = spec().path("paths").path("/orders/2026-01-01/orders").path("get").path("responses")
                .path("200").path("examples").path("application/json").path("orders").get(0).deepCopy();
        // the case: two units sold for 44.99, no product.price.unitPrice
        var item = (tools.jackson.databind.node.ObjectNode) example.path("orderItems").get(0);
        ((tools.jackson.databind.node.ObjectNode) item.path("product")).remove("price");
        var itemBreakdown = (tools.jackson.databind.node.ObjectNode) item.path("proceeds").path("breakdowns").get(0)
                .path("subtotal");
        itemBreakdown.put("amount", "44.99");
        MarketplaceOrder.Line line = AmazonOrders.toOrder(example).lines().get(0);
        assertThat(line.unitPriceDerived()).isTrue();
        assertThat(line.unitPrice().toPlainString()).isEqualTo("22.495");
        assertThat(line.unitPrice().multiply(BigDecimal.valueOf(line.quantity()))).isEqualByComparingTo("44.99");
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
        return JsonMapper.builder().build().readTree(Files.readString(SharedContracts.require(SPEC)));
    }

    private static void walk(JsonNode node, java.util.function.Consumer<JsonNode> visit) {
        visit.accept(node);
        for (JsonNode child : node) {
            walk(child, visit);
        }
    }
}
