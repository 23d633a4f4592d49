package dev.esm.sandbox.walmart;

import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.walmart.WalmartOrderLine.TrackingInfo;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Reads and applies the {@code orderShipment} body of {@code POST /v3/orders/{purchaseOrderId}/shipping}. */
final class WalmartShipping {

    /** {@code CarrierNameType.carrier} values from orders.json. */
    static final Set<String> CARRIERS = Set.of("UPS", "USPS", "FedEx", "Airborne", "OnTrac", "DHL Ecommerce - US",
            "DHL", "LS", "UDS", "UPSMI", "FDX", "PILOT", "ESTES", "SAIA", "FDS Express", "Seko Worldwide",
            "HIT Delivery", "FEDEXSP", "RL Carriers", "Metropolitan Warehouse & Delivery", "China Post", "YunExpress",
            "Yellow Freight Sys", "AIT Worldwide Logistics", "Chukou1", "Sendle", "Landmark Global", "Sunyou",
            "Yanwen", "4PX", "GLS", "OSM Worldwide", "FIRST MILE", "AM Trucking", "CEVA", "India Post", "SF Express",
            "CNE", "TForce Freight", "AxleHire", "LSO", "Royal Mail", "ABF Freight System", "WanB",
            "Roadrunner Freight", "Meyer Distribution", "AAA Cooper", "Canada Post", "Southeastern Freight Lines",
            "Japan Post", "Correos de Mexico", "XPO Logistics", "JD Logistics", "YDH", "JCEX", "Flyt",
            "Deutsche Post");

    static final Set<String> METHODS = Set.of("Standard", "Express", "OneDay", "Freight", "WhiteGlove", "Value");

    private static final Set<WalmartStatus> UNSHIPPED = EnumSet.of(WalmartStatus.CREATED, WalmartStatus.ACKNOWLEDGED);

    /** One shipped quantity of one line with its tracking. */
    record LineShipment(String lineNumber, String sellerOrderId, int quantity, TrackingInfo tracking) {
    }

    record Request(String processMode, List<LineShipment> shipments) {
    }

    private WalmartShipping() {
    }

    static Request parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (JacksonException e) {
            throw new SandboxException(WalmartErrors.response(400, "MALFORMED_REQUEST_CONTENT",
                    "orderShipment", "Request body is not valid JSON"));
        }
        JsonNode shipment = root.path("orderShipment");
        JsonNode lines = shipment.path("orderLines").path("orderLine");
        if (!lines.isArray() || lines.isEmpty()) {
            throw WalmartErrors.badContent("orderShipment.orderLines.orderLine",
                    "orderShipment.orderLines.orderLine must be a non-empty array");
        }
        List<LineShipment> out = new ArrayList<>();
        for (JsonNode line : lines) {
            String lineNumber = required(line.path("lineNumber"), "lineNumber");
            String sellerOrderId = required(line.path("sellerOrderId"), "sellerOrderId");
            if (sellerOrderId.length() > 30) {
                throw WalmartErrors.badContent("sellerOrderId", "sellerOrderId is longer than 30 characters");
            }
            JsonNode statuses = line.path("orderLineStatuses").path("orderLineStatus");
            if (!statuses.isArray() || statuses.isEmpty()) {
                throw WalmartErrors.badContent("orderLineStatuses",
                        "line " + lineNumber + ": orderLineStatuses.orderLineStatus must be a non-empty array");
            }
            for (JsonNode status : statuses) {
                if (!"Shipped".equals(Json.text(status.path("status")))) {
                    throw WalmartErrors.badContent("status", "line " + lineNumber + ": status must be Shipped");
                }
                out.add(new LineShipment(lineNumber, sellerOrderId, quantity(status, lineNumber),
                        tracking(status.path("trackingInfo"), lineNumber)));
            }
        }
        return new Request(Json.text(shipment.path("processMode")), out);
    }

    /** Applies the shipments to (a copy of) the order; throws 400 when a line cannot take them. */
    static boolean apply(WalmartOrder order, Request request, long now) {
        boolean changed = false;
        for (LineShipment s : request.shipments()) {
            WalmartOrderLine line = order.line(s.lineNumber()).orElseThrow(() -> WalmartErrors.badContent(
                    "lineNumber", "Order " + order.purchaseOrderId() + " has no line " + s.lineNumber()));
            int unshipped = line.quantityIn(UNSHIPPED);
            if (unshipped >= s.quantity()) {
                line.move(UNSHIPPED, s.quantity(), WalmartStatus.SHIPPED, s.tracking(), null, now);
            } else if (unshipped == 0 && line.quantityIn(WalmartStatus.SHIPPED) >= s.quantity()) {
                line.retrack(s.tracking(), now); // tracking update of an already shipped line
            } else if (unshipped == 0) {
                throw WalmartErrors.badContent("lineNumber", "Line " + s.lineNumber() + " cannot be shipped: "
                        + describe(line));
            } else {
                throw WalmartErrors.badContent("statusQuantity", "Line " + s.lineNumber() + " has " + unshipped
                        + " unit(s) left to ship, not " + s.quantity());
            }
            changed = true;
        }
        return changed;
    }

    private static String describe(WalmartOrderLine line) {
        return line.statuses().stream().map(s -> s.quantity() + " " + s.status().wire()).toList().toString();
    }

    private static int quantity(JsonNode status, String lineNumber) {
        JsonNode q = status.path("statusQuantity");
        String unit = Json.text(q.path("unitOfMeasurement"));
        String amount = Json.text(q.path("amount"));
        if (unit != null && !unit.equals("EACH") && !unit.equals("EA")) {
            throw WalmartErrors.badContent("unitOfMeasurement", "line " + lineNumber + ": unit must be EACH or EA");
        }
        try {
            int value = Integer.parseInt(amount == null ? "" : amount.trim());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw WalmartErrors.badContent("statusQuantity.amount",
                    "line " + lineNumber + ": statusQuantity.amount must be a positive whole number");
        }
    }

    private static TrackingInfo tracking(JsonNode t, String lineNumber) {
        if (!t.isObject()) {
            throw WalmartErrors.badContent("trackingInfo", "line " + lineNumber + ": trackingInfo is required");
        }
        JsonNode shipDate = t.path("shipDateTime");
        if (!shipDate.isIntegralNumber()) {
            throw WalmartErrors.badContent("shipDateTime",
                    "line " + lineNumber + ": trackingInfo.shipDateTime must be epoch milliseconds");
        }
        String carrier = Json.text(t.path("carrierName").path("carrier"));
        String otherCarrier = Json.text(t.path("carrierName").path("otherCarrier"));
        String url = Json.text(t.path("trackingURL"));
        if (carrier != null && !CARRIERS.contains(carrier)) {
            throw WalmartErrors.badContent("carrier", "line " + lineNumber + ": unknown carrier '" + carrier
                    + "'; use otherCarrier with a trackingURL");
        }
        if (carrier == null && (otherCarrier == null || otherCarrier.isBlank())) {
            throw WalmartErrors.badContent("carrierName", "line " + lineNumber + ": carrierName is required");
        }
        if (carrier == null && (url == null || url.isBlank())) {
            throw WalmartErrors.badContent("trackingURL",
                    "line " + lineNumber + ": trackingURL is required with otherCarrier");
        }
        String method = required(t.path("methodCode"), "methodCode");
        if (!METHODS.contains(method)) {
            throw WalmartErrors.badContent("methodCode",
                    "line " + lineNumber + ": invalid methodCode '" + method + "'");
        }
        String number = required(t.path("trackingNumber"), "trackingNumber");
        return new TrackingInfo(shipDate.asLong(), carrier, carrier == null ? otherCarrier : null, method, number, url);
    }

    private static String required(JsonNode node, String field) {
        String value = Json.text(node);
        if (value == null || value.isBlank()) {
            throw WalmartErrors.badContent(field, field + " is required");
        }
        return value;
    }
}
