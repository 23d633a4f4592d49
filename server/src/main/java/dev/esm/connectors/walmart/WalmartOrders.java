package dev.esm.connectors.walmart;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.orders.OrderStatus;
import dev.esm.orders.spi.MarketplaceOrder;

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
            for (JsonNode charge : line.path("charges").path("charge")) {
                BigDecimal amount = money(charge.path("chargeAmount").path("amount"));
                BigDecimal tax = money(charge.path("tax").path("taxAmount").path("amount"));
                // amounts are per unit (UNCONFIRMED in Walmart's documents; the sandbox does the same)
                total = total.add(amount.add(tax).multiply(BigDecimal.valueOf(quantity)));
                currency = textOr(charge.path("chargeAmount").path("currency"), currency);
                if ("PRODUCT".equals(WalmartOrderSource.text(charge.path("chargeType")))) {
                    unitPrice = unitPrice.add(amount);
                }
            }
            String lineStatus = lineStatus(line);
            statuses.add(lineStatus);
            Instant statusDate = epoch(line.path("statusDate"));
            if (statusDate != null && (lastModified == null || statusDate.isAfter(lastModified))) {
                lastModified = statusDate;
            }
            lines.add(new MarketplaceOrder.Line(WalmartOrderSource.text(line.path("lineNumber")),
                    WalmartOrderSource.text(line.path("item").path("sku")),
                    WalmartOrderSource.text(line.path("item").path("productName")), quantity, unitPrice, lineStatus));
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
        return new MarketplaceOrder(WalmartOrderSource.text(order.path("purchaseOrderId")), status(statuses),
                String.join(",", statuses), orderedAt, epoch(shipping.path("estimatedShipDate")),
                epoch(shipping.path("estimatedDeliveryDate")), lastModified == null ? orderedAt : lastModified,
                currency, total.setScale(2, RoundingMode.HALF_UP), lines, buyer);
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
        try {
            Set<String> codes = new TreeSet<>();
            for (JsonNode error : json.readTree(body).path("errors")) {
                String code = WalmartOrderSource.text(error.path("code"));
                if (code != null && code.matches("[A-Z0-9_.]{1,60}")) {
                    codes.add(code);
                }
            }
            return codes.isEmpty() ? "" : " (" + String.join(", ", codes) + ")";
        } catch (JacksonException | IllegalArgumentException e) {
            return "";
        }
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
