package dev.esm.sandbox.amazon;

import dev.esm.sandbox.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders v0 {@code confirmShipment}: reads the {@code ConfirmShipmentRequest} body (ordersV0.json) and applies it to an
 * order. A package reference id already on the order edits that package (Amazon's documented way to correct a
 * confirmation); a new one adds a package. Refusals are 400 {@code InvalidInput} with the reason in {@code details}.
 */
final class AmazonShipping {

    record Request(String marketplaceId, String packageReferenceId, String carrierCode, String carrierName,
                   String shippingMethod, String trackingNumber, Instant shipDate, Map<String, Integer> items) {
    }

    private AmazonShipping() {
    }

    static Request parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (JacksonException e) {
            throw AmazonErrors.invalidInput("The request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw AmazonErrors.invalidInput("The request body must be a ConfirmShipmentRequest object.");
        }
        String marketplaceId = required(root.path("marketplaceId"), "marketplaceId");
        JsonNode p = root.path("packageDetail");
        if (!p.isObject()) {
            throw AmazonErrors.invalidInput("packageDetail is required.");
        }
        String reference = required(p.path("packageReferenceId"), "packageDetail.packageReferenceId");
        if (!reference.matches("[0-9]{1,18}") || reference.matches("0+")) {
            throw AmazonErrors.invalidInput("packageDetail.packageReferenceId must be a positive numeric value.");
        }
        String carrierCode = required(p.path("carrierCode"), "packageDetail.carrierCode");
        String carrierName = Json.text(p.path("carrierName"));
        if (carrierCode.equals("Other") && (carrierName == null || carrierName.isBlank())) {
            throw AmazonErrors.invalidInput("packageDetail.carrierName is required when carrierCode is Other.");
        }
        String trackingNumber = required(p.path("trackingNumber"), "packageDetail.trackingNumber");
        String shipDate = required(p.path("shipDate"), "packageDetail.shipDate");
        Instant shipped;
        try {
            shipped = OffsetDateTime.parse(shipDate).toInstant();
        } catch (DateTimeParseException e) {
            throw AmazonErrors.invalidInput("packageDetail.shipDate must be an ISO 8601 date-time: " + shipDate);
        }
        JsonNode orderItems = p.path("orderItems");
        if (!orderItems.isArray() || orderItems.isEmpty()) {
            throw AmazonErrors.invalidInput("packageDetail.orderItems must list at least one order item.");
        }
        Map<String, Integer> items = new LinkedHashMap<>();
        for (JsonNode item : orderItems) {
            String id = required(item.path("orderItemId"), "orderItems.orderItemId");
            JsonNode quantity = item.path("quantity");
            if (!quantity.isIntegralNumber() || quantity.asInt() < 1) {
                throw AmazonErrors.invalidInput("orderItems.quantity of " + id + " must be a positive integer.");
            }
            items.merge(id, quantity.asInt(), Integer::sum);
        }
        return new Request(marketplaceId, reference, carrierCode, carrierName, Json.text(p.path("shippingMethod")),
                trackingNumber, shipped, items);
    }

    /** The order after the confirmation, stamped {@code at}; throws 400 when the order cannot take it. */
    static AmazonOrder apply(AmazonOrder order, Request request, Instant at) {
        if (!order.marketplaceId().equals(request.marketplaceId())) {
            throw AmazonErrors.invalidInput("Order " + order.orderId() + " does not belong to marketplace "
                    + request.marketplaceId() + ".");
        }
        if (order.status() == AmazonStatus.PENDING || order.status() == AmazonStatus.CANCELLED) {
            throw AmazonErrors.invalidInput("Order " + order.orderId() + " is " + order.status().v0()
                    + " and cannot be confirmed as shipped.");
        }
        for (String id : request.items().keySet()) {
            if (order.items().stream().noneMatch(i -> i.orderItemId().equals(id))) {
                throw AmazonErrors.invalidInput("Order " + order.orderId() + " has no order item " + id + ".");
            }
        }
        List<AmazonPackage> packages = new ArrayList<>();
        AmazonPackage replaced = null;
        for (AmazonPackage p : order.packages()) {
            if (p.packageReferenceId().equals(request.packageReferenceId())) {
                replaced = p;
            } else {
                packages.add(p);
            }
        }
        List<AmazonOrderItem> items = new ArrayList<>();
        for (AmazonOrderItem item : order.items()) {
            int shipped = item.quantityShipped()
                    - (replaced == null ? 0 : replaced.items().getOrDefault(item.orderItemId(), 0));
            int more = request.items().getOrDefault(item.orderItemId(), 0);
            if (shipped + more > item.quantityOrdered()) {
                throw AmazonErrors.invalidInput("Order item " + item.orderItemId() + " has "
                        + (item.quantityOrdered() - shipped) + " unit(s) left to ship, not " + more + ".");
            }
            items.add(item.shipped(shipped + more));
        }
        String service = request.shippingMethod() != null ? request.shippingMethod() : request.carrierCode();
        String carrier = request.carrierCode().equals("Other") ? request.carrierName() : request.carrierCode();
        packages.add(new AmazonPackage(request.packageReferenceId(), carrier, service, request.trackingNumber(),
                request.shipDate(), "SHIPPED", request.items()));
        boolean all = items.stream().allMatch(i -> i.quantityShipped() >= i.quantityOrdered());
        boolean any = items.stream().anyMatch(i -> i.quantityShipped() > 0);
        AmazonStatus status = all ? AmazonStatus.SHIPPED : any ? AmazonStatus.PARTIALLY_SHIPPED : AmazonStatus.UNSHIPPED;
        return order.changed(at, status, items, packages);
    }

    private static String required(JsonNode node, String field) {
        String value = Json.text(node);
        if (value == null || value.isBlank()) {
            throw AmazonErrors.invalidInput(field + " is required.");
        }
        return value.strip();
    }
}
