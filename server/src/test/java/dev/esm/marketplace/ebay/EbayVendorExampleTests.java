package dev.esm.marketplace.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.esm.shared.FulfilledBy;
import dev.esm.shared.OrderFlag;
import dev.esm.shared.OrderStatus;
import dev.esm.marketplace.MarketplaceOrder;

/**
 * The connector against eBay's own Fulfillment OpenAPI file (shared/contracts/ebay/sell_fulfillment_v1_oas3.json,
 * v1.11.0), so it is not tuned to our simulator alone. That file has no example payloads, so the order is built from
 * the spec's schemas (OrderSearchPagedCollection, Order, LineItem, FulfillmentStartInstruction, ShippingStep,
 * ExtendedContact, Address, Amount) with every property present, spelled as the spec spells it.
 */
class EbayVendorExampleTests {

    private static final Map<String, Object> VALUES = Map.ofEntries(
            Map.entry("creationDate", "2026-05-01T10:00:00.000Z"),
            Map.entry("lastModifiedDate", "2026-05-02T11:30:00.000Z"),
            Map.entry("shipByDate", "2026-05-04T06:59:59.000Z"),
            Map.entry("fulfillmentStartInstructions.maxEstimatedDeliveryDate", "2026-05-09T06:59:59.000Z"),
            Map.entry("maxEstimatedDeliveryDate", "2026-05-08T06:59:59.000Z"),
            Map.entry("minEstimatedDeliveryDate", "2026-05-06T06:59:59.000Z"),
            Map.entry("orderFulfillmentStatus", "IN_PROGRESS"),
            Map.entry("lineItemFulfillmentStatus", "FULFILLED"),
            Map.entry("orderPaymentStatus", "PAID"),
            Map.entry("cancelState", "NONE_REQUESTED"),
            Map.entry("pricingSummary.total.value", "25.90"),
            Map.entry("lineItemCost.value", "21.98"),
            Map.entry("value", "1.00"),
            Map.entry("currency", "USD"),
            Map.entry("quantity", 2),
            Map.entry("fullName", "Sample Buyer"),
            Map.entry("phoneNumber", "5125550100"),
            Map.entry("country", "US"));

    @Test
    void readsAnOrderBuiltFromTheSpecsSchema() throws IOException {
        ObjectNode collection = EbaySpec.sample(EbaySpec.load(), "OrderSearchPagedCollection", VALUES);
        assertThat(collection.path("total").isInt()).isTrue();
        assertThat(collection.has("next")).isTrue();
        JsonNode order = collection.path("orders").get(0);
        MarketplaceOrder parsed = EbayOrders.toOrder(order);

        assertThat(parsed.marketplaceOrderId()).isEqualTo("orderId-sample");
        assertThat(parsed.status()).isEqualTo(OrderStatus.PARTIALLY_SHIPPED);
        assertThat(parsed.marketplaceStatus()).isEqualTo("IN_PROGRESS");
        assertThat(parsed.orderedAt()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(parsed.lastModifiedAt()).isEqualTo(Instant.parse("2026-05-02T11:30:00Z"));
        assertThat(parsed.shipBy()).isEqualTo(Instant.parse("2026-05-04T06:59:59Z"));
        assertThat(parsed.deliverBy()).isEqualTo(Instant.parse("2026-05-09T06:59:59Z"));
        assertThat(parsed.currency()).isEqualTo("USD");
        assertThat(parsed.total()).isEqualByComparingTo(new BigDecimal("25.90"));
        assertThat(parsed.lines()).singleElement().satisfies(line -> {
            assertThat(line.lineNumber()).isEqualTo("lineItemId-sample");
            assertThat(line.sku()).isEqualTo("sku-sample");
            assertThat(line.title()).isEqualTo("title-sample");
            assertThat(line.quantity()).isEqualTo(2);
            assertThat(line.unitPrice()).isEqualByComparingTo(new BigDecimal("10.99"));
            assertThat(line.status()).isEqualTo("FULFILLED");
            assertThat(line.unitPriceDerived()).isFalse();
            assertThat(line.charges().itemSubtotal()).isEqualByComparingTo("21.98");
            assertThat(line.charges().shipping()).isEqualByComparingTo("1.00");
            assertThat(line.charges().marketplaceTax()).isEqualByComparingTo("1.00"); // ebayCollectAndRemitTaxes
            assertThat(line.charges().sellerTax()).as("taxes[] holds only the remitted tax").isNull();
            assertThat(line.charges().discount()).isEqualByComparingTo("-1.00"); // appliedPromotions
        });
        MarketplaceOrder.Details details = parsed.details();
        assertThat(details.fulfilledBy()).isEqualTo(FulfilledBy.SELLER);
        assertThat(details.requestedService()).isEqualTo("shippingServiceCode-sample");
        assertThat(details.charges().payout()).isEqualByComparingTo("1.00"); // paymentSummary.totalDueSeller
        assertThat(details.charges().marketplaceTax()).isEqualByComparingTo("1.00");
        assertThat(details.flags()).contains(OrderFlag.GIFT);
        MarketplaceOrder.Buyer buyer = parsed.buyer();
        assertThat(buyer.giftMessage()).isEqualTo("message-sample");
        assertThat(buyer.name()).isEqualTo("Sample Buyer");
        assertThat(buyer.address1()).isEqualTo("addressLine1-sample");
        assertThat(buyer.address2()).isEqualTo("addressLine2-sample");
        assertThat(buyer.city()).isEqualTo("city-sample");
        assertThat(buyer.state()).isEqualTo("stateOrProvince-sample");
        assertThat(buyer.postalCode()).isEqualTo("postalCode-sample");
        assertThat(buyer.country()).as("v1.11 spells it country; newer specs countryCode").isEqualTo("US");
        assertThat(buyer.phone()).isEqualTo("5125550100");
        assertThat(buyer.toString()).doesNotContain("Sample");
    }

    @Test
    void everyFieldTheConnectorReadsIsInTheSpec() throws IOException {
        JsonNode spec = EbaySpec.load();
        for (String path : List.of("total", "next", "offset", "limit", "href", "orders[].orderId")) {
            assertThat(EbaySpec.has(spec, "OrderSearchPagedCollection", path)).as(path).isTrue();
        }
        List<String> orderPaths = List.of("orderId", "creationDate", "lastModifiedDate", "orderFulfillmentStatus",
                "orderPaymentStatus", "cancelStatus.cancelState", "pricingSummary.total.value",
                "pricingSummary.total.currency", "lineItems[].lineItemId", "lineItems[].sku", "lineItems[].title",
                "lineItems[].quantity", "lineItems[].lineItemCost.value", "lineItems[].lineItemCost.currency",
                "lineItems[].total.value", "lineItems[].lineItemFulfillmentStatus",
                "lineItems[].lineItemFulfillmentInstructions.shipByDate",
                "lineItems[].lineItemFulfillmentInstructions.maxEstimatedDeliveryDate",
                "fulfillmentStartInstructions[].maxEstimatedDeliveryDate",
                "fulfillmentStartInstructions[].shippingStep.shippingServiceCode",
                "lineItems[].deliveryCost.shippingCost.value", "lineItems[].ebayCollectAndRemitTaxes[].amount.value",
                "lineItems[].taxes[].amount.value", "lineItems[].appliedPromotions[].discountAmount.value",
                "lineItems[].lineItemFulfillmentInstructions.guaranteedDelivery", "lineItems[].giftDetails.message",
                "paymentSummary.totalDueSeller.value", "paymentSummary.payments[].paymentHolds[].holdState",
                "fulfillmentStartInstructions[].shippingStep.shipTo.fullName",
                "fulfillmentStartInstructions[].shippingStep.shipTo.contactAddress.addressLine1",
                "fulfillmentStartInstructions[].shippingStep.shipTo.contactAddress.addressLine2",
                "fulfillmentStartInstructions[].shippingStep.shipTo.contactAddress.city",
                "fulfillmentStartInstructions[].shippingStep.shipTo.contactAddress.stateOrProvince",
                "fulfillmentStartInstructions[].shippingStep.shipTo.contactAddress.postalCode",
                "fulfillmentStartInstructions[].shippingStep.shipTo.contactAddress.country",
                "fulfillmentStartInstructions[].shippingStep.shipTo.primaryPhone.phoneNumber");
        for (String path : orderPaths) {
            assertThat(EbaySpec.has(spec, "Order", path)).as(path).isTrue();
        }
        // read as well, from the newer spec the notes quote (v1.20.7), absent from this v1.11 file
        assertThat(EbaySpec.has(spec, "Order", "fulfillmentStartInstructions[].shippingStep.shipTo.contactAddress"
                + ".countryCode")).isFalse();
        assertThat(EbaySpec.has(spec, "Order", "buyer.buyerRegistrationAddress")).isFalse();
    }

    @Test
    void errorBodiesOfTheSpecsShapeGiveTheirIdsAndNothingElse() throws IOException {
        JsonNode spec = EbaySpec.load();
        JsonNode badRequest = spec.path("paths").path("/order").path("get").path("responses").path("400")
                .path("x-response-codes").path("errors");
        assertThat(badRequest.has("31100")).as("Invalid limit").isTrue();
        ObjectNode error = EbaySpec.sample(spec, "Error", Map.of("errorId", 31100, "message", "Invalid limit: 500"));
        String body = "{\"errors\":[" + error + "]}";
        String ids = new EbayHttp().errorIds(body);
        assertThat(ids).isEqualTo(" (errorId 31100)");
    }
}
