package dev.esm.marketplace.walmart;

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
 * The connector reads Walmart's own example payloads from its published OpenAPI file (shared/contracts/walmart), so it
 * is not tuned to our simulator alone.
 */
class WalmartVendorExampleTests {

    private static final String SPEC = "walmart/orders.json";

    @Test
    void readsTheOrderListExampleOfGetAllOrders() throws IOException {
        JsonNode example = spec().path("paths").path("/v3/orders").path("get").path("responses").path("200")
                .path("content").path("application/json").path("example");
        JsonNode order = example.path("list").path("elements").path("order").get(0);
        MarketplaceOrder parsed = WalmartOrders.toOrder(order);

        assertThat(parsed.marketplaceOrderId()).isEqualTo("1796277083022");
        assertThat(parsed.orderedAt()).isEqualTo(Instant.ofEpochMilli(1568466571000L));
        assertThat(parsed.shipBy()).isEqualTo(Instant.ofEpochMilli(1568700000000L));
        assertThat(parsed.status()).isEqualTo(OrderStatus.UNSHIPPED);
        assertThat(parsed.lines()).first().satisfies(line -> {
            assertThat(line.sku()).isEqualTo("test1");
            assertThat(line.quantity()).isEqualTo(1);
            assertThat(line.unitPrice()).isEqualByComparingTo(new BigDecimal("10"));
            assertThat(line.unitPriceDerived()).isFalse();
            assertThat(line.charges().itemSubtotal()).isEqualByComparingTo("10");
            assertThat(line.charges().marketplaceTax()).isEqualByComparingTo("0.8"); // Walmart remits sales tax
            assertThat(line.charges().sellerTax()).isNull();
            assertThat(line.charges().shipping()).isNull();
        });
        assertThat(parsed.marketplaceStatus()).isEqualTo("Created");
        assertThat(parsed.deliverBy()).isEqualTo(Instant.ofEpochMilli(1569438000000L));
        assertThat(parsed.total()).isEqualByComparingTo("10.8");
        MarketplaceOrder.Details details = parsed.details();
        assertThat(details.requestedService()).isEqualTo("Value");
        assertThat(details.flags()).containsExactly(OrderFlag.REPLACEMENT); // orderType REPLACEMENT
        assertThat(details.fulfilledBy()).isEqualTo(FulfilledBy.SELLER);
        assertThat(details.charges().buyerTotal()).isEqualByComparingTo(parsed.total());
        assertThat(parsed.buyer().name()).isEqualTo("Kathryn Cole");
        assertThat(parsed.buyer().postalCode()).isEqualTo("13164");
        assertThat(parsed.buyer().toString()).doesNotContain("Kathryn");
        assertThat(example.path("list").path("meta").path("nextCursor").asString()).startsWith("?");
    }

    @Test
    void readsEveryOrderExampleInTheSpec() throws IOException {
        int[] parsed = {0};
        walk(spec(), node -> {
            if (node.path("purchaseOrderId").isValueNode() && node.has("orderLines") && node.has("shippingInfo")) {
                MarketplaceOrder order = WalmartOrders.toOrder(node);
                assertThat(order.marketplaceOrderId()).isNotBlank();
                assertThat(order.lines()).isNotEmpty();
                parsed[0]++;
            }
        });
        assertThat(parsed[0]).isGreaterThanOrEqualTo(3);
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
