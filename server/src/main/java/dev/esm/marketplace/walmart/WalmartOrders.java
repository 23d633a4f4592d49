package dev.esm.marketplace.walmart;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.shared.FulfilledBy;
import dev.esm.shared.OrderFlag;
import dev.esm.shared.OrderStatus;
import dev.esm.marketplace.Charges;
import dev.esm.marketplace.MarketplaceOrder;

/** Maps Walmart's {@code Order} JSON (orders.json, PurchaseOrderTypeV3) to a {@link MarketplaceOrder}. */
final class WalmartOrders {

    private WalmartOrders() {
    }

    static MarketplaceOrder toOrder(JsonNode order) {
        JsonNode shipping = order.path("shippingInfo");
        JsonNode address = shipping.path("postalAddress");
        List<MarketplaceOrder.Line> lines = new ArrayList<>();
        Set<String> statuses = new TreeSet<>();
        BigDecimal total = BigDecimal.ZERO;
        String currency = "USD";
        Instant orderedAt = epoch(order.path("orderDate"));
        Instant lastModified = orderedAt;
        for (JsonNode line : order.path("orderLines").path("orderLine")) {
            int quantity = parseQuantity(line.path("orderLineQuantity").path("amount"));
            BigDecimal unitPrice = BigDecimal.ZERO;
            BigDecimal count = BigDecimal.valueOf(quantity);
            BigDecimal items = null;
            BigDecimal shippingCharged = null;
            BigDecimal tax = null;
            BigDecimal discount = null;
            for (JsonNode charge : line.path("charges").path("charge")) {
                BigDecimal amount = money(charge.path("chargeAmount").path("amount"));
                BigDecimal chargeTax = money(charge.path("tax").path("taxAmount").path("amount"));
                // amounts are per unit (UNCONFIRMED in Walmart's documents; the sandbox does the same)
                total = total.add(amount.add(chargeTax).multiply(count));
                currency = textOr(charge.path("chargeAmount").path("currency"), currency);
                String type = WalmartOrderSource.text(charge.path("chargeType"));
                String name = String.valueOf(WalmartOrderSource.text(charge.path("chargeName")));
                if (!charge.path("tax").path("taxAmount").isMissingNode()) {
                    tax = Charges.add(tax, chargeTax.multiply(count));
                }
                if (name.toLowerCase(java.util.Locale.ROOT).contains("discount")) {
                    discount = Charges.add(discount, amount.abs().negate().multiply(count));
                } else if ("PRODUCT".equals(type)) {
                    unitPrice = unitPrice.add(amount);
                    items = Charges.add(items, amount.multiply(count));
                } else if ("SHIPPING".equals(type)) {
                    shippingCharged = Charges.add(shippingCharged, amount.multiply(count));
                }
            }
            BigDecimal refunded = null;
            for (JsonNode refund : line.path("refund").path("refundCharges").path("refundCharge")) {
                JsonNode charge = refund.path("charge");
                BigDecimal amount = money(charge.path("chargeAmount").path("amount"))
                        .add(money(charge.path("tax").path("taxAmount").path("amount")));
                refunded = Charges.add(refunded, amount.abs().negate());
            }
            String lineStatus = lineStatus(line);
            statuses.add(lineStatus);
            Instant statusDate = epoch(line.path("statusDate"));
            if (statusDate != null && (lastModified == null || statusDate.isAfter(lastModified))) {
                lastModified = statusDate;
            }
            // Walmart collects and remits US sales tax as a marketplace facilitator: the tax is not the seller's
            Charges charges = new Charges(items, shippingCharged, null, tax, discount, null, refunded, null);
            lines.add(new MarketplaceOrder.Line(WalmartOrderSource.text(line.path("lineNumber")),
                    WalmartOrderSource.text(line.path("item").path("sku")),
                    WalmartOrderSource.text(line.path("item").path("productName")), quantity, unitPrice, lineStatus,
                    false, charges, null, WalmartOrderSource.text(line.path("item").path("condition"))));
        }
        JsonNode summary = order.path("orderSummary").path("totalAmount");
        if (!summary.isMissingNode() && !summary.path("currencyAmount").isMissingNode()) {
            total = money(summary.path("currencyAmount"));
            currency = textOr(summary.path("currencyUnit"), currency);
        }
        MarketplaceOrder.Buyer buyer = new MarketplaceOrder.Buyer(WalmartOrderSource.text(address.path("name")),
                WalmartOrderSource.text(address.path("address1")), WalmartOrderSource.text(address.path("address2")),
                WalmartOrderSource.text(address.path("city")), WalmartOrderSource.text(address.path("state")),
                WalmartOrderSource.text(address.path("postalCode")), WalmartOrderSource.text(address.path("country")),
                WalmartOrderSource.text(shipping.path("phone")));
        Set<OrderFlag> flags = EnumSet.noneOf(OrderFlag.class);
        if ("REPLACEMENT".equals(WalmartOrderSource.text(order.path("orderType")))) {
            flags.add(OrderFlag.REPLACEMENT);
        }
        FulfilledBy fulfilledBy = "WFSFulfilled".equals(WalmartOrderSource.text(order.path("shipNode").path("type")))
                ? FulfilledBy.MARKETPLACE : FulfilledBy.SELLER;
        MarketplaceOrder.Details details = new MarketplaceOrder.Details(fulfilledBy,
                Charges.sum(lines.stream().map(MarketplaceOrder.Line::charges).toList()),
                WalmartOrderSource.text(shipping.path("methodCode")), flags);
        return new MarketplaceOrder(WalmartOrderSource.text(order.path("purchaseOrderId")), status(statuses),
                marketplaceStatus(statuses), orderedAt, epoch(shipping.path("estimatedShipDate")),
                epoch(shipping.path("estimatedDeliveryDate")), lastModified == null ? orderedAt : lastModified,
                currency, total, lines, buyer, details);
    }

    /** Walmart's lifecycle, for picking the one word that stands for the order. */
    private static final List<String> LIFECYCLE = List.of("Created", "Acknowledged", "Shipped", "Delivered");

    /**
     * Walmart has no order status, only line statuses: the order's word is its least advanced open line's
     * ({@code Created} while any line waits), {@code Cancelled} when every line is, so it is one of Walmart's own
     * words and never a list.
     */
    static String marketplaceStatus(Set<String> lineStatuses) {
        for (String status : LIFECYCLE) {
            if (lineStatuses.contains(status)) {
                return status;
            }
        }
        return lineStatuses.isEmpty() ? "Created" : lineStatuses.iterator().next();
    }

    /** The line's status: the status holding most of its quantity (the last listed on a tie). */
    private static String lineStatus(JsonNode line) {
        String status = "Created";
        int most = -1;
        for (JsonNode entry : line.path("orderLineStatuses").path("orderLineStatus")) {
            int quantity = parseQuantity(entry.path("statusQuantity").path("amount"));
            if (quantity >= most) {
                most = quantity;
                status = textOr(entry.path("status"), status);
            }
        }
        return status;
    }

    static OrderStatus status(Set<String> lineStatuses) {
        Set<String> open = new TreeSet<>(lineStatuses);
        open.remove("Cancelled");
        if (open.isEmpty()) {
            return OrderStatus.CANCELLED;
        }
        if (open.equals(Set.of("Delivered"))) {
            return OrderStatus.DELIVERED;
        }
        boolean anyShipped = open.contains("Shipped") || open.contains("Delivered");
        open.removeAll(Set.of("Shipped", "Delivered"));
        if (open.isEmpty()) {
            return OrderStatus.SHIPPED;
        }
        return anyShipped ? OrderStatus.PARTIALLY_SHIPPED : OrderStatus.UNSHIPPED;
    }

    /** The error codes of a GatewayError body, for a message that carries no data: {@code " (INVALID_REQUEST_PARAM)"}. */
    static String errorCodes(JsonMapper json, String body) {
        Set<String> codes = errorCodeSet(json, body);
        return codes.isEmpty() ? "" : " (" + String.join(", ", codes) + ")";
    }

    /**
     * The error codes of an error body in either of Walmart's shapes: the gateway's flat
     * {@code {"errors":[{code,...}]}} or the orders API's nested {@code {"errors":{"error":[{code,...}]}}}. Codes
     * that do not look like codes are left out, so no text of the body reaches a message.
     */
    static Set<String> errorCodeSet(JsonMapper json, String body) {
        Set<String> codes = new TreeSet<>();
        if (body == null || body.isBlank()) {
            return codes;
        }
        try {
            for (JsonNode error : errorList(json, json.readTree(body))) {
                String code = WalmartOrderSource.text(error.path("code"));
                if (code != null && code.matches("[A-Z0-9_.]{1,60}")) {
                    codes.add(code);
                }
            }
        } catch (JacksonException | IllegalArgumentException e) {
            // no codes
        }
        return codes;
    }

    /** The error entries of an error body, flat ({@code errors[]}) or nested ({@code errors.error[]}). */
    static JsonNode errorList(JsonMapper json, JsonNode body) {
        JsonNode errors = body.path("errors");
        JsonNode list = errors.isObject() ? errors.path("error") : errors;
        return list.isObject() ? json.createArrayNode().add(list) : list;
    }

    private static Instant epoch(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        String text = node.asString();
        return text.matches("\\d+") ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
    }

    private static BigDecimal money(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return BigDecimal.ZERO;
        }
        return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asString());
    }

    private static int parseQuantity(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return 0;
        }
        return node.isNumber() ? node.asInt() : (int) Double.parseDouble(node.asString());
    }

    private static String textOr(JsonNode node, String fallback) {
        String text = WalmartOrderSource.text(node);
        return text == null ? fallback : text;
    }
}
