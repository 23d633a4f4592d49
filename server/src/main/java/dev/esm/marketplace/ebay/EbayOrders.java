package dev.esm.marketplace.ebay;

import static dev.esm.marketplace.ebay.EbayHttp.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.esm.shared.FulfilledBy;
import dev.esm.shared.OrderFlag;
import dev.esm.shared.OrderStatus;
import dev.esm.marketplace.Charges;
import dev.esm.marketplace.MarketplaceOrder;

/**
 * Maps the Fulfillment API's {@code Order} JSON to a {@link MarketplaceOrder}: status from
 * {@code orderFulfillmentStatus}, {@code cancelStatus.cancelState} and {@code orderPaymentStatus}; buyer from the
 * first {@code fulfillmentStartInstructions[].shippingStep.shipTo} and its account from {@code buyer.username}
 * ({@link EbayAccounts}); ship-by from the lines'
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
        String hold = holdState(order);
        Instant orderedAt = date(order.path("creationDate"));
        Instant lastModified = date(order.path("lastModifiedDate"));
        List<MarketplaceOrder.Line> lines = new ArrayList<>();
        Set<OrderFlag> flags = EnumSet.noneOf(OrderFlag.class);
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
            BigDecimal unit = quantity > 0 ? perUnit(lineCost, quantity) : lineCost;
            String lineId = text(line.path("lineItemId"));
            JsonNode instructions = line.path("lineItemFulfillmentInstructions");
            if (instructions.path("guaranteedDelivery").asBoolean(false)) {
                flags.add(OrderFlag.GUARANTEED_DELIVERY);
            }
            if (line.path("giftDetails").isObject()) {
                flags.add(OrderFlag.GIFT);
            }
            lines.add(new MarketplaceOrder.Line(lineId == null ? String.valueOf(n) : lineId, text(line.path("sku")),
                    text(line.path("title")), quantity, unit, text(line.path("lineItemFulfillmentStatus")), false,
                    charges(line, lineCost), variation(line.path("variationAspects")), null));
            lineTotals = lineTotals.add(line.has("total") ? money(line.path("total").path("value")) : lineCost);
            shipBy = earliest(shipBy, date(instructions.path("shipByDate")));
            lineDeliverBy = latest(lineDeliverBy, date(instructions.path("maxEstimatedDeliveryDate")));
        }
        JsonNode total = order.path("pricingSummary").path("total");
        BigDecimal amount = total.has("value") ? money(total.path("value")) : lineTotals;
        currency = text(total.path("currency")) != null ? text(total.path("currency")) : currency;
        JsonNode instruction = shippingInstruction(order);
        Instant deliverBy = date(instruction.path("maxEstimatedDeliveryDate"));
        Charges charges = Charges.sum(lines.stream().map(MarketplaceOrder.Line::charges).toList());
        if (order.path("totalMarketplaceFee").has("value")) {
            charges = charges.withFees(money(order.path("totalMarketplaceFee").path("value")));
        }
        if (order.path("paymentSummary").path("totalDueSeller").has("value")) {
            charges = charges.withPayout(money(order.path("paymentSummary").path("totalDueSeller").path("value")));
        }
        MarketplaceOrder.Buyer buyer = buyer(order, instruction);
        String giftMessage = giftMessage(order);
        if (buyer != null && giftMessage != null) {
            buyer = buyer.withGiftMessage(giftMessage);
        }
        if (buyer != null) {
            buyer = buyer.withAccounts(EbayAccounts.keys(text(order.path("buyer").path("username")),
                    text(order.path("buyer").path("userId"))));
        }
        return new MarketplaceOrder(orderId, status(fulfillment, payment, cancel, hold),
                marketplaceStatus(fulfillment, payment, cancel, hold), orderedAt, shipBy,
                deliverBy != null ? deliverBy : lineDeliverBy, lastModified != null ? lastModified : orderedAt,
                currency == null ? "USD" : currency, amount, lines, buyer,
                new MarketplaceOrder.Details(FulfilledBy.SELLER, charges,
                        text(instruction.path("shippingStep").path("shippingServiceCode")), flags));
    }

    /**
     * A line's parts: {@code lineItemCost}, {@code deliveryCost.shippingCost}, {@code appliedPromotions} (negative),
     * tax eBay collects and remits ({@code ebayCollectAndRemitTaxes}) apart from any other tax in {@code taxes},
     * which the seller collects.
     */
    static Charges charges(JsonNode line, BigDecimal lineCost) {
        BigDecimal remitted = null;
        for (JsonNode tax : line.path("ebayCollectAndRemitTaxes")) {
            remitted = Charges.add(remitted, money(tax.path("amount").path("value")));
        }
        BigDecimal taxes = null;
        for (JsonNode tax : line.path("taxes")) {
            taxes = Charges.add(taxes, money(tax.path("amount").path("value")));
        }
        BigDecimal sellerTax = taxes == null ? null : remitted == null ? taxes : taxes.subtract(remitted).max(BigDecimal.ZERO);
        BigDecimal discount = null;
        for (JsonNode promotion : line.path("appliedPromotions")) {
            discount = Charges.add(discount, money(promotion.path("discountAmount").path("value")).abs().negate());
        }
        JsonNode shipping = line.path("deliveryCost").path("shippingCost");
        return new Charges(lineCost, shipping.has("value") ? money(shipping.path("value")) : null,
                sellerTax != null && sellerTax.signum() == 0 && remitted != null ? null : sellerTax, remitted, discount,
                null, null, null);
    }

    /** {@code variationAspects} as "Color: Blue; Size: M", or null. */
    private static String variation(JsonNode aspects) {
        List<String> parts = new ArrayList<>();
        for (JsonNode aspect : aspects) {
            String name = text(aspect.path("name"));
            String value = text(aspect.path("value"));
            if (name != null && value != null) {
                parts.add(name + ": " + value);
            }
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /** The gift message of a line's {@code giftDetails}, if any: buyer data, sealed with the buyer. */
    private static String giftMessage(JsonNode order) {
        for (JsonNode line : order.path("lineItems")) {
            String message = text(line.path("giftDetails").path("message"));
            if (message != null && !message.isBlank()) {
                return message;
            }
        }
        return null;
    }

    /** The state of a payment hold that still holds ({@code HELD}, {@code HELD_PENDING}, ...), or null. */
    static String holdState(JsonNode order) {
        for (JsonNode payment : order.path("paymentSummary").path("payments")) {
            for (JsonNode hold : payment.path("paymentHolds")) {
                String state = text(hold.path("holdState"));
                if (state != null && state.startsWith("HELD")) {
                    return state;
                }
            }
        }
        return null;
    }

    /** {@code amount / quantity}, exact when it terminates, else to ten decimal places. */
    private static BigDecimal perUnit(BigDecimal amount, int quantity) {
        try {
            return amount.divide(BigDecimal.valueOf(quantity));
        } catch (ArithmeticException notTerminating) {
            return amount.divide(BigDecimal.valueOf(quantity), 10, RoundingMode.HALF_EVEN);
        }
    }

    /**
     * NOT_STARTED -> UNSHIPPED, IN_PROGRESS -> PARTIALLY_SHIPPED, FULFILLED -> SHIPPED; cancelled wins, then a cancel
     * request, then a payment hold on an unshipped order.
     */
    static OrderStatus status(String fulfillment, String payment, String cancelState, String holdState) {
        if ("CANCELED".equals(cancelState)) {
            return OrderStatus.CANCELLED;
        }
        if ("FULFILLED".equals(fulfillment)) {
            return OrderStatus.SHIPPED;
        }
        if ("IN_PROGRESS".equals(cancelState)) {
            return OrderStatus.CANCEL_REQUESTED;
        }
        if ("IN_PROGRESS".equals(fulfillment)) {
            return OrderStatus.PARTIALLY_SHIPPED;
        }
        if ("PENDING".equals(payment) || "FAILED".equals(payment)) {
            return OrderStatus.PENDING;
        }
        return holdState != null ? OrderStatus.ON_HOLD : OrderStatus.UNSHIPPED;
    }

    /**
     * eBay's own word for the field that decided the status, one word: {@code CANCELED} or {@code CANCEL_REQUESTED}
     * (from {@code cancelStatus.cancelState}), the fulfillment status once shipping started, a payment status that is
     * not PAID, the hold state ({@code HELD}), else {@code orderFulfillmentStatus}.
     */
    static String marketplaceStatus(String fulfillment, String payment, String cancelState, String holdState) {
        if ("CANCELED".equals(cancelState)) {
            return "CANCELED";
        }
        if ("FULFILLED".equals(fulfillment)) {
            return fulfillment;
        }
        if ("IN_PROGRESS".equals(cancelState)) {
            return "CANCEL_REQUESTED";
        }
        if ("IN_PROGRESS".equals(fulfillment)) {
            return fulfillment;
        }
        if ("PENDING".equals(payment) || "FAILED".equals(payment)) {
            return payment;
        }
        if (holdState != null) {
            return holdState;
        }
        return fulfillment == null ? "UNKNOWN" : fulfillment;
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
