package dev.esm.connectors.amazon;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.esm.orders.OrderStatus;
import dev.esm.orders.spi.MarketplaceOrder;

/**
 * Maps an Orders API v2026-01-01 {@code Order} (orders_2026-01-01.json) to a {@link MarketplaceOrder}: status from
 * {@code fulfillment.fulfillmentStatus} (delivered when every package is), ship-by from
 * {@code fulfillment.shipByWindow.latestDateTime}, the total from {@code proceeds.grandTotal} (else the items), the
 * buyer from {@code recipient.deliveryAddress} and {@code buyer.buyerName}.
 */
final class AmazonOrders {

    private AmazonOrders() {
    }

    static MarketplaceOrder toOrder(JsonNode order) {
        String orderId = text(order.path("orderId"));
        if (orderId == null || orderId.isBlank()) {
            throw new IllegalArgumentException("order without orderId");
        }
        JsonNode fulfillment = order.path("fulfillment");
        String fulfillmentStatus = text(fulfillment.path("fulfillmentStatus"));
        boolean delivered = allDelivered(order.path("packages"));
        OrderStatus status = status(fulfillmentStatus, delivered);
        Instant orderedAt = time(order.path("createdTime"));
        Instant lastUpdated = time(order.path("lastUpdatedTime"));
        List<MarketplaceOrder.Line> lines = new ArrayList<>();
        BigDecimal itemsTotal = BigDecimal.ZERO;
        String currency = null;
        for (JsonNode item : order.path("orderItems")) {
            JsonNode product = item.path("product");
            JsonNode unitPrice = product.path("price").path("unitPrice");
            int quantity = item.path("quantityOrdered").asInt(0);
            BigDecimal price = money(unitPrice.path("amount"));
            currency = currency == null ? text(unitPrice.path("currencyCode")) : currency;
            JsonNode proceeds = item.path("proceeds").path("proceedsTotal");
            itemsTotal = itemsTotal.add(proceeds.isMissingNode() ? price.multiply(BigDecimal.valueOf(quantity))
                    : money(proceeds.path("amount")));
            lines.add(new MarketplaceOrder.Line(text(item.path("orderItemId")), text(product.path("sellerSku")),
                    text(product.path("title")), quantity, price, lineStatus(item, fulfillmentStatus, delivered)));
        }
        JsonNode grandTotal = order.path("proceeds").path("grandTotal");
        BigDecimal total = grandTotal.isMissingNode() ? itemsTotal : money(grandTotal.path("amount"));
        String totalCurrency = text(grandTotal.path("currencyCode"));
        currency = totalCurrency != null ? totalCurrency : currency != null ? currency : "USD";
        return new MarketplaceOrder(orderId, status, fulfillmentStatus == null ? "UNKNOWN" : fulfillmentStatus,
                orderedAt, time(fulfillment.path("shipByWindow").path("latestDateTime")),
                time(fulfillment.path("deliverByWindow").path("latestDateTime")),
                lastUpdated == null ? orderedAt : lastUpdated, currency, total.setScale(2, RoundingMode.HALF_UP),
                lines, buyer(order));
    }

    static OrderStatus status(String fulfillmentStatus, boolean delivered) {
        if (fulfillmentStatus == null) {
            return OrderStatus.PENDING;
        }
        return switch (fulfillmentStatus) {
            case "UNSHIPPED" -> OrderStatus.UNSHIPPED;
            case "PARTIALLY_SHIPPED" -> OrderStatus.PARTIALLY_SHIPPED;
            case "SHIPPED" -> delivered ? OrderStatus.DELIVERED : OrderStatus.SHIPPED;
            case "CANCELLED", "UNFULFILLABLE" -> OrderStatus.CANCELLED;
            default -> OrderStatus.PENDING; // PENDING, PENDING_AVAILABILITY and anything new: not actionable yet
        };
    }

    /** Name, address and phone as the order carries them (omitted parts stay null); null when there is none. */
    private static MarketplaceOrder.Buyer buyer(JsonNode order) {
        JsonNode address = order.path("recipient").path("deliveryAddress");
        String name = text(address.path("name"));
        if (name == null || name.isBlank()) {
            name = text(order.path("buyer").path("buyerName"));
        }
        if (name == null && address.isMissingNode()) {
            return null;
        }
        String line2 = text(address.path("addressLine2"));
        String line3 = text(address.path("addressLine3"));
        if (line3 != null && !line3.isBlank()) {
            line2 = line2 == null || line2.isBlank() ? line3 : line2 + ", " + line3;
        }
        return new MarketplaceOrder.Buyer(name, text(address.path("addressLine1")), blankToNull(line2),
                text(address.path("city")), text(address.path("stateOrRegion")), text(address.path("postalCode")),
                text(address.path("countryCode")), text(address.path("phone")));
    }

    /** SHIPPED / PARTIALLY_SHIPPED from the item's fulfilled quantity when given, else the order's status. */
    private static String lineStatus(JsonNode item, String orderStatus, boolean delivered) {
        String base = orderStatus == null ? "UNKNOWN" : orderStatus;
        JsonNode fulfilled = item.path("fulfillment").path("quantityFulfilled");
        if ("CANCELLED".equals(base) || !fulfilled.isNumber()) {
            return base.equals("SHIPPED") && delivered ? "DELIVERED" : base;
        }
        int shipped = fulfilled.asInt();
        int ordered = item.path("quantityOrdered").asInt(0);
        if (shipped > 0 && shipped >= ordered) {
            return delivered ? "DELIVERED" : "SHIPPED";
        }
        return shipped > 0 ? "PARTIALLY_SHIPPED" : base.equals("PARTIALLY_SHIPPED") ? "UNSHIPPED" : base;
    }

    private static boolean allDelivered(JsonNode packages) {
        if (!packages.isArray() || packages.isEmpty()) {
            return false;
        }
        for (JsonNode p : packages) {
            if (!"DELIVERED".equals(text(p.path("packageStatus").path("status")))) {
                return false;
            }
        }
        return true;
    }

    private static Instant time(JsonNode node) {
        String text = text(node);
        return text == null || text.isBlank() ? null : java.time.OffsetDateTime.parse(text).toInstant();
    }

    private static BigDecimal money(JsonNode node) {
        String text = text(node);
        return text == null || text.isBlank() ? BigDecimal.ZERO : new BigDecimal(text.strip());
    }

    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || node.isContainer() ? null : node.asString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
