package dev.esm.connectors.ebay;

import static dev.esm.connectors.ebay.EbayHttp.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.esm.orders.OrderStatus;
import dev.esm.orders.spi.MarketplaceOrder;

/**
 * Maps the Fulfillment API's {@code Order} JSON to a {@link MarketplaceOrder}: status from
 * {@code orderFulfillmentStatus}, {@code cancelStatus.cancelState} and {@code orderPaymentStatus}; buyer from the
 * first {@code fulfillmentStartInstructions[].shippingStep.shipTo}; ship-by from the lines'
 * {@code lineItemFulfillmentInstructions.shipByDate}; money from {@code Amount} strings.
 */
final class EbayOrders {

    private EbayOrders() {
    }

    static MarketplaceOrder toOrder(JsonNode order) {
        String orderId = text(order.path("orderId"));
        if (orderId == null || orderId.isBlank()) {
            throw new IllegalArgumentException("order without orderId");
        }
        String fulfillment = text(order.path("orderFulfillmentStatus"));
        String payment = text(order.path("orderPaymentStatus"));
        String cancel = text(order.path("cancelStatus").path("cancelState"));
        Instant orderedAt = date(order.path("creationDate"));
        Instant lastModified = date(order.path("lastModifiedDate"));
        List<MarketplaceOrder.Line> lines = new ArrayList<>();
        Instant shipBy = null;
        Instant lineDeliverBy = null;
        String currency = null;
        BigDecimal lineTotals = BigDecimal.ZERO;
        int n = 0;
        for (JsonNode line : order.path("lineItems")) {
            n++;
            int quantity = Math.max(0, line.path("quantity").asInt(0));
            JsonNode cost = line.path("lineItemCost");
            BigDecimal lineCost = money(cost.path("value"));
            currency = currency == null ? text(cost.path("currency")) : currency;
            BigDecimal unit = quantity > 0 ? lineCost.divide(BigDecimal.valueOf(quantity), 2, RoundingMode.HALF_UP)
                    : lineCost.setScale(2, RoundingMode.HALF_UP);
            String lineId = text(line.path("lineItemId"));
            lines.add(new MarketplaceOrder.Line(lineId == null ? String.valueOf(n) : lineId, text(line.path("sku")),
                    text(line.path("title")), quantity, unit, text(line.path("lineItemFulfillmentStatus"))));
            lineTotals = lineTotals.add(line.has("total") ? money(line.path("total").path("value")) : lineCost);
            JsonNode instructions = line.path("lineItemFulfillmentInstructions");
            shipBy = earliest(shipBy, date(instructions.path("shipByDate")));
            lineDeliverBy = latest(lineDeliverBy, date(instructions.path("maxEstimatedDeliveryDate")));
        }
        JsonNode total = order.path("pricingSummary").path("total");
        BigDecimal amount = total.has("value") ? money(total.path("value")) : lineTotals;
        currency = text(total.path("currency")) != null ? text(total.path("currency")) : currency;
        JsonNode instruction = shippingInstruction(order);
        Instant deliverBy = date(instruction.path("maxEstimatedDeliveryDate"));
        return new MarketplaceOrder(orderId, status(fulfillment, payment, cancel), marketplaceStatus(fulfillment,
                payment, cancel), orderedAt, shipBy, deliverBy != null ? deliverBy : lineDeliverBy,
                lastModified != null ? lastModified : orderedAt, currency == null ? "USD" : currency,
                amount.setScale(2, RoundingMode.HALF_UP), lines, buyer(order, instruction));
    }

    /** NOT_STARTED -> UNSHIPPED, IN_PROGRESS -> PARTIALLY_SHIPPED, FULFILLED -> SHIPPED; cancelled wins. */
    static OrderStatus status(String fulfillment, String payment, String cancelState) {
        if ("CANCELED".equals(cancelState)) {
            return OrderStatus.CANCELLED;
        }
        if ("FULFILLED".equals(fulfillment)) {
            return OrderStatus.SHIPPED;
        }
        if ("IN_PROGRESS".equals(fulfillment)) {
            return OrderStatus.PARTIALLY_SHIPPED;
        }
        if ("PENDING".equals(payment) || "FAILED".equals(payment)) {
            return OrderStatus.PENDING;
        }
        return OrderStatus.UNSHIPPED;
    }

    /** eBay's own words: the fulfillment status, then CANCEL_REQUESTED or CANCELED, then a payment status not PAID. */
    static String marketplaceStatus(String fulfillment, String payment, String cancelState) {
        StringBuilder status = new StringBuilder(fulfillment == null ? "UNKNOWN" : fulfillment);
        if ("IN_PROGRESS".equals(cancelState)) {
            status.append(",CANCEL_REQUESTED");
        } else if ("CANCELED".equals(cancelState)) {
            status.append(",CANCELED");
        }
        if (payment != null && !payment.equals("PAID")) {
            status.append(',').append(payment);
        }
        return status.toString();
    }

    /** The first fulfillment instruction with a shipping step (pickup orders have none), else the first one. */
    private static JsonNode shippingInstruction(JsonNode order) {
        JsonNode instructions = order.path("fulfillmentStartInstructions");
        for (JsonNode instruction : instructions) {
            if (instruction.path("shippingStep").path("shipTo").isObject()) {
                return instruction;
            }
        }
        return instructions.path(0);
    }

    /** Ship-to contact, else the buyer's registration address; null when the order carries neither. */
    private static MarketplaceOrder.Buyer buyer(JsonNode order, JsonNode instruction) {
        JsonNode contact = instruction.path("shippingStep").path("shipTo");
        if (!contact.isObject()) {
            contact = order.path("buyer").path("buyerRegistrationAddress");
        }
        if (!contact.isObject()) {
            return null;
        }
        JsonNode address = contact.path("contactAddress");
        String country = text(address.path("countryCode"));
        return new MarketplaceOrder.Buyer(text(contact.path("fullName")), text(address.path("addressLine1")),
                text(address.path("addressLine2")), text(address.path("city")), text(address.path("stateOrProvince")),
                text(address.path("postalCode")), country != null ? country : text(address.path("country")),
                text(contact.path("primaryPhone").path("phoneNumber")));
    }

    private static BigDecimal money(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return BigDecimal.ZERO;
        }
        return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asString().strip());
    }

    /** ISO-8601 as eBay writes it ({@code 2026-05-01T10:00:00.000Z}); an offset is accepted too. */
    static Instant date(JsonNode node) {
        String text = text(node);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text.strip()).toInstant();
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
