package dev.esm.marketplace.amazon;

import java.math.BigDecimal;
import java.time.Instant;
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
        boolean cancelRequested = false;
        Set<OrderFlag> flags = EnumSet.noneOf(OrderFlag.class);
        Set<String> giftMessages = new java.util.LinkedHashSet<>(); // one message repeated on every item is one
        for (JsonNode item : order.path("orderItems")) {
            JsonNode product = item.path("product");
            JsonNode unitPrice = product.path("price").path("unitPrice");
            int quantity = item.path("quantityOrdered").asInt(0);
            Charges charges = charges(item);
            BigDecimal price = amount(unitPrice.path("amount"));
            boolean derived = false;
            if (price == null) {
                // no unitPrice: the item's ITEM proceeds over its quantity, exactly (see ADR 0017)
                price = charges.itemSubtotal() == null ? BigDecimal.ZERO : perUnit(charges.itemSubtotal(), quantity);
                derived = charges.itemSubtotal() != null;
            }
            currency = currency == null ? text(unitPrice.path("currencyCode")) : currency;
            currency = currency == null ? text(item.path("proceeds").path("proceedsTotal").path("currencyCode"))
                    : currency;
            JsonNode proceeds = item.path("proceeds").path("proceedsTotal");
            itemsTotal = itemsTotal.add(proceeds.isMissingNode() ? price.multiply(BigDecimal.valueOf(quantity))
                    : money(proceeds.path("amount")));
            if (item.path("cancellation").path("cancellationRequest").isObject()
                    && !item.path("cancellation").path("cancellationExecution").isObject()) {
                cancelRequested = true;
            }
            JsonNode gift = item.path("fulfillment").path("packing").path("giftOption");
            if (gift.isObject()) {
                flags.add(OrderFlag.GIFT);
                String message = text(gift.path("giftMessage"));
                if (message != null && !message.isBlank()) {
                    giftMessages.add(message);
                }
            }
            lines.add(new MarketplaceOrder.Line(text(item.path("orderItemId")), text(product.path("sellerSku")),
                    text(product.path("title")), quantity, price, lineStatus(item, fulfillmentStatus, delivered),
                    derived, charges, null, condition(product.path("condition"))));
        }
        JsonNode grandTotal = order.path("proceeds").path("grandTotal");
        BigDecimal total = grandTotal.isMissingNode() ? itemsTotal : money(grandTotal.path("amount"));
        String totalCurrency = text(grandTotal.path("currencyCode"));
        currency = totalCurrency != null ? totalCurrency : currency != null ? currency : "USD";
        for (JsonNode program : order.path("programs")) {
            switch (String.valueOf(text(program))) {
                case "PRIME" -> flags.add(OrderFlag.PRIME);
                case "AMAZON_BUSINESS" -> flags.add(OrderFlag.BUSINESS);
                case "PREORDER" -> flags.add(OrderFlag.PRE_ORDER);
                default -> { }
            }
        }
        for (JsonNode associated : order.path("associatedOrders")) {
            if (String.valueOf(text(associated.path("associationType"))).startsWith("REPLACEMENT")) {
                flags.add(OrderFlag.REPLACEMENT);
            }
        }
        boolean open = status == OrderStatus.UNSHIPPED || status == OrderStatus.PENDING
                || status == OrderStatus.PARTIALLY_SHIPPED;
        String marketplaceStatus = fulfillmentStatus == null ? "UNKNOWN" : fulfillmentStatus;
        if (cancelRequested && open) {
            status = OrderStatus.CANCEL_REQUESTED; // Amazon's status stays its fulfillmentStatus; the request is per item
        }
        FulfilledBy fulfilledBy = "AMAZON".equals(text(fulfillment.path("fulfilledBy"))) ? FulfilledBy.MARKETPLACE
                : FulfilledBy.SELLER;
        MarketplaceOrder.Buyer buyer = buyer(order);
        if (buyer != null && !giftMessages.isEmpty()) {
            buyer = buyer.withGiftMessage(String.join("\n", giftMessages));
        }
        Charges orderCharges = Charges.sum(lines.stream().map(MarketplaceOrder.Line::charges).toList());
        return new MarketplaceOrder(orderId, status, marketplaceStatus,
                orderedAt, time(fulfillment.path("shipByWindow").path("latestDateTime")),
                time(fulfillment.path("deliverByWindow").path("latestDateTime")),
                lastUpdated == null ? orderedAt : lastUpdated, currency, total, lines, buyer,
                new MarketplaceOrder.Details(fulfilledBy, orderCharges,
                        text(fulfillment.path("fulfillmentServiceLevel")), flags));
    }

    /**
     * An item's parts from {@code proceeds.breakdowns}: ITEM, SHIPPING (and GIFT_WRAP, COD_FEE) as charged, TAX as the
     * marketplace's when a {@code tax.taxCollections[].model} is {@code MARKETPLACE_FACILITATOR}, else the seller's,
     * DISCOUNT as a negative amount.
     */
    static Charges charges(JsonNode item) {
        boolean facilitator = false;
        for (JsonNode collection : item.path("tax").path("taxCollections")) {
            facilitator |= "MARKETPLACE_FACILITATOR".equals(text(collection.path("model")));
        }
        BigDecimal itemSubtotal = null;
        BigDecimal shipping = null;
        BigDecimal tax = null;
        BigDecimal discount = null;
        for (JsonNode breakdown : item.path("proceeds").path("breakdowns")) {
            BigDecimal value = amount(breakdown.path("subtotal").path("amount"));
            switch (String.valueOf(text(breakdown.path("type")))) {
                case "ITEM" -> itemSubtotal = Charges.add(itemSubtotal, value);
                case "SHIPPING", "GIFT_WRAP", "COD_FEE" -> shipping = Charges.add(shipping, value);
                case "TAX" -> tax = Charges.add(tax, value);
                case "DISCOUNT" -> discount = Charges.add(discount, value == null ? null : value.abs().negate());
                default -> { }
            }
        }
        return new Charges(itemSubtotal, shipping, facilitator ? null : tax, facilitator ? tax : null, discount,
                null, null, null);
    }

    /** {@code amount / quantity}, exact when it terminates (44.99 / 2 = 22.495), else to ten decimal places. */
    static BigDecimal perUnit(BigDecimal amount, int quantity) {
        if (quantity <= 0) {
            return amount;
        }
        try {
            return amount.divide(BigDecimal.valueOf(quantity));
        } catch (ArithmeticException notTerminating) {
            return amount.divide(BigDecimal.valueOf(quantity), 10, java.math.RoundingMode.HALF_EVEN);
        }
    }

    private static String condition(JsonNode condition) {
        String type = text(condition.path("conditionType"));
        String subtype = text(condition.path("conditionSubtype"));
        if (type == null) {
            return null;
        }
        return subtype == null || subtype.equalsIgnoreCase(type) ? type : type + " / " + subtype;
    }

    private static BigDecimal amount(JsonNode node) {
        String text = text(node);
        return text == null || text.isBlank() ? null : new BigDecimal(text.strip());
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
