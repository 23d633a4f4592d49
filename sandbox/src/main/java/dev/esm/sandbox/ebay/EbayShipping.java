package dev.esm.sandbox.ebay;

import dev.esm.sandbox.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ShippingFulfillmentDetails} body of {@code createShippingFulfillment} (sell_fulfillment_v1_oas3), checked
 * with the error ids the spec lists for it: 32200 invalid line item id, 32300 invalid tracking number or carrier,
 * 32500 invalid shipped date, 32600 invalid input data.
 */
final class EbayShipping {

    /**
     * {@code ShippingCarrierCodeType} values the sandbox knows (the full list comes from GeteBayDetails); the US ones
     * and a few international ones.
     */
    static final Set<String> CARRIERS = Set.of("USPS", "UPS", "FedEx", "DHL", "DHLGlobalMail", "OnTrac", "LaserShip",
            "Lasership", "UPSMailInnovations", "FedExSmartPost", "Purolator", "CanadaPost", "RoyalMail", "Other",
            "AmazonLogistics", "APC", "Asendia", "GSO", "Newgistics", "Pitney Bowes", "StampsCom", "ParcelForce",
            "DeutschePost", "Hermes", "TNT", "GLS");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    record Request(Map<String, Integer> lineItems, Instant shippedDate, String carrierCode, String trackingNumber) {
    }

    private EbayShipping() {
    }

    static Request parse(byte[] body, long now) {
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (JacksonException e) {
            throw invalidInput("The request body is not valid JSON.", null);
        }
        if (root == null || !root.isObject()) {
            throw invalidInput("The request body must be a ShippingFulfillmentDetails object.", null);
        }
        JsonNode items = root.path("lineItems");
        if (!items.isArray() || items.isEmpty()) {
            throw invalidInput("lineItems must list at least one line item.", "lineItems");
        }
        Map<String, Integer> lineItems = new LinkedHashMap<>();
        for (JsonNode item : items) {
            String id = Json.text(item.path("lineItemId"));
            if (id == null || id.isBlank()) {
                throw EbayErrors.badFulfillment(32200, "Invalid line item id", "A line item has no lineItemId.",
                        "lineItemId", "");
            }
            JsonNode quantity = item.path("quantity");
            if (!quantity.isMissingNode() && !quantity.isNull() && (!quantity.isIntegralNumber() || quantity.asInt() < 1)) {
                throw invalidInput("Invalid quantity for line item " + id, "quantity");
            }
            lineItems.merge(id.strip(), quantity.isIntegralNumber() ? quantity.asInt() : 0, Integer::sum);
        }
        String carrier = Json.text(root.path("shippingCarrierCode"));
        String tracking = Json.text(root.path("trackingNumber"));
        boolean hasCarrier = carrier != null && !carrier.isBlank();
        boolean hasTracking = tracking != null && !tracking.isBlank();
        if (hasCarrier != hasTracking) {
            throw EbayErrors.badFulfillment(32300, "Invalid shipment tracking number or carrier",
                    "shippingCarrierCode and trackingNumber go together: give both or neither.",
                    hasCarrier ? "trackingNumber" : "shippingCarrierCode", "");
        }
        if (hasCarrier && !CARRIERS.contains(carrier)) {
            throw EbayErrors.badFulfillment(32300, "Invalid shipment tracking number or carrier",
                    "Unknown shippingCarrierCode " + carrier + ".", "shippingCarrierCode", carrier);
        }
        if (hasTracking && !tracking.matches("[A-Za-z0-9]{1,40}")) {
            throw EbayErrors.badFulfillment(32300, "Invalid shipment tracking number or carrier",
                    "trackingNumber must be letters and digits only.", "trackingNumber", tracking);
        }
        String shipped = Json.text(root.path("shippedDate"));
        Instant shippedDate = Instant.ofEpochMilli(now);
        if (shipped != null) {
            try {
                shippedDate = Instant.from(DATE.parse(shipped));
            } catch (DateTimeParseException e) {
                throw EbayErrors.badFulfillment(32500, "Invalid shipped date",
                        "shippedDate must be YYYY-MM-DDThh:mm:ss.sssZ.", "shippedDate", shipped);
            }
        }
        return new Request(lineItems, shippedDate, hasCarrier ? carrier : null, hasTracking ? tracking : null);
    }

    /** The line indexes the request ships, as a bit mask; 400 when the order cannot take it. */
    static int lines(EbayOrder order, Request request) {
        if (order.cancelState() == EbayOrder.Cancel.CANCELED) {
            throw invalidInput("Order " + order.orderId() + " is cancelled and cannot be fulfilled.", "orderId");
        }
        if (order.paymentStatus() != EbayOrder.Payment.PAID) {
            throw invalidInput("Order " + order.orderId() + " is not paid and cannot be fulfilled.", "orderId");
        }
        if (request.shippedDate().toEpochMilli() < order.creationDate()) {
            throw EbayErrors.badFulfillment(32500, "Invalid shipped date",
                    "shippedDate is before the order was placed.", "shippedDate",
                    EbayJson.date(request.shippedDate().toEpochMilli()));
        }
        int mask = 0;
        for (Map.Entry<String, Integer> item : request.lineItems().entrySet()) {
            int index = indexOf(order, item.getKey());
            if (index < 0) {
                throw EbayErrors.badFulfillment(32200, "Invalid line item id", "Order " + order.orderId()
                        + " has no line item " + item.getKey() + ".", "lineItemId", item.getKey());
            }
            if (item.getValue() > order.lineItems().get(index).quantity()) {
                throw invalidInput("Line item " + item.getKey() + " was bought " + order.lineItems().get(index)
                        .quantity() + " time(s), not " + item.getValue(), "quantity");
            }
            mask |= 1 << index;
        }
        return mask;
    }

    private static int indexOf(EbayOrder order, String lineItemId) {
        for (int i = 0; i < order.lineItems().size(); i++) {
            if (order.lineItems().get(i).lineItemId().equals(lineItemId)) {
                return i;
            }
        }
        return -1;
    }

    private static RuntimeException invalidInput(String why, String parameter) {
        return EbayErrors.badFulfillment(32600, "Invalid input data", why, parameter, null);
    }
}
