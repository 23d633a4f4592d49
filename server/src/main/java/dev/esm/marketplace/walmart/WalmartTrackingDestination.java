package dev.esm.marketplace.walmart;

import dev.esm.platform.quota.Meter;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.esm.marketplace.http.ConnectorHttp;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.marketplace.MarketplaceException.MarketplaceRejected;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.marketplace.MarketplaceException.RateLimited;
import dev.esm.shared.Marketplace;
import dev.esm.shared.Carrier;
import dev.esm.marketplace.PushReceipt;
import dev.esm.marketplace.adapter.TrackingConnector;
import dev.esm.marketplace.TrackingPush;
import dev.esm.marketplace.StoreCredentials;

/**
 * Tracking to Walmart: {@code POST /v3/orders/{purchaseOrderId}/shipping} with an {@code orderShipment} that marks
 * each pushed line Shipped with its quantity and {@code trackingInfo}. Walmart answers 200 with the order.
 */
class WalmartTrackingDestination implements TrackingConnector<StoreCredentials.Walmart> {

    /** {@code POST /v3/orders/{id}/shipping}: no documented rate; declared for when pushes are paced. */
    static final CallLimit SHIP_ORDER_LINES = new CallLimit("walmart-ship-order-lines", 10, 10, Meter.SELLER_ACCOUNT);

    static final String OPERATION = "POST /v3/orders/{purchaseOrderId}/shipping";
    static final String READ_OPERATION = "GET /v3/orders/{purchaseOrderId}";
    private final ConnectorHttp http = new ConnectorHttp();
    /** Walmart's {@code sellerOrderId} holds at most 30 characters. */
    private static final int SELLER_ORDER_ID_MAX = 30;

    private final WalmartAccess access;
    private final JsonMapper json = JsonMapper.builder().build();

    WalmartTrackingDestination(WalmartProperties properties) {
        this(new WalmartAccess(properties));
    }

    /** With the token cache shared by all of ESM's Walmart calls. */
    WalmartTrackingDestination(WalmartAccess access) {
        this.access = access;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.WALMART;
    }

    @Override
    public PushReceipt push(StoreCredentials.Walmart walmart, TrackingPush push) throws MarketplaceException {
        String path = "/v3/orders/" + URLEncoder.encode(push.marketplaceOrderId(), StandardCharsets.UTF_8)
                .replace("+", "%20") + "/shipping";
        // Pushes are few (one per shipment) and Walmart documents no limit for them: no shared bucket, 429s are honoured.
        HttpResponse<String> response = access.send(walmart, path, json.writeValueAsString(body(push)), OPERATION,
                CallPermits.UNLIMITED, SHIP_ORDER_LINES);
        int status = response.statusCode();
        if (status == 429) {
            throw new RateLimited(OPERATION + " was throttled (HTTP 429)", WalmartRateHeaders.retryAfter(response));
        }
        if (status == 401 || status == 403) {
            throw new CredentialsExpired(OPERATION + " refused the store's access (HTTP " + status
                    + "); reconnect the store");
        }
        if (status >= 500) {
            throw new MarketplaceUnavailable(OPERATION + " failed with HTTP " + status, null);
        }
        if (status >= 400) {
            throw new MarketplaceRejected(OPERATION + " was rejected with HTTP " + status + errors(response.body()));
        }
        return new PushReceipt(null, answer(push, response.body()));
    }

    /**
     * getAnOrder: whether any line's status carries the tracking number. Walmart takes a repeated push as a tracking
     * update, but it is still a second push, so a push with a lost answer is looked for here first.
     */
    @Override
    public Optional<PushReceipt> findPushed(StoreCredentials.Walmart walmart, String marketplaceOrderId,
                                            String trackingNumber) throws MarketplaceException {
        String path = "/v3/orders/" + URLEncoder.encode(marketplaceOrderId, StandardCharsets.UTF_8)
                .replace("+", "%20");
        HttpResponse<String> response = access.send(walmart, path, null, READ_OPERATION, CallPermits.UNLIMITED,
                SHIP_ORDER_LINES);
        int status = response.statusCode();
        if (status == 429) {
            throw new RateLimited(READ_OPERATION + " was throttled (HTTP 429)", WalmartRateHeaders.retryAfter(response));
        }
        if (status == 401 || status == 403) {
            throw new CredentialsExpired(READ_OPERATION + " refused the store's access (HTTP " + status
                    + "); reconnect the store");
        }
        if (status >= 500) {
            throw new MarketplaceUnavailable(READ_OPERATION + " failed with HTTP " + status, null);
        }
        if (status != 200) {
            throw new MarketplaceRejected(READ_OPERATION + " was rejected with HTTP " + status + errors(response.body()));
        }
        JsonNode order = http.readObject(response, READ_OPERATION).path("order");
        List<String> lines = new ArrayList<>();
        for (JsonNode line : order.path("orderLines").path("orderLine")) {
            for (JsonNode lineStatus : line.path("orderLineStatuses").path("orderLineStatus")) {
                if (trackingNumber.equals(WalmartOrderSource.text(lineStatus.path("trackingInfo")
                        .path("trackingNumber")))) {
                    lines.add("line " + ConnectorHttp.quote(WalmartOrderSource.text(line.path("lineNumber")), 20) + " "
                            + ConnectorHttp.quote(WalmartOrderSource.text(lineStatus.path("status")), 20));
                }
            }
        }
        return lines.isEmpty() ? Optional.empty()
                : Optional.of(new PushReceipt(null, "Walmart shows the tracking on " + String.join(", ", lines)));
    }

    /** The {@code OrderShipment} body (orders.json). */
    ObjectNode body(TrackingPush push) {
        ObjectNode root = json.createObjectNode();
        var lines = root.putObject("orderShipment").putObject("orderLines").putArray("orderLine");
        String sellerOrderId = push.marketplaceOrderId().length() <= SELLER_ORDER_ID_MAX ? push.marketplaceOrderId()
                : push.marketplaceOrderId().substring(0, SELLER_ORDER_ID_MAX);
        for (TrackingPush.PushLine line : push.lines()) {
            ObjectNode orderLine = lines.addObject();
            orderLine.put("lineNumber", line.lineNumber());
            orderLine.put("sellerOrderId", sellerOrderId);
            ObjectNode status = orderLine.putObject("orderLineStatuses").putArray("orderLineStatus").addObject();
            status.put("status", "Shipped");
            status.putObject("statusQuantity").put("unitOfMeasurement", "EACH")
                    .put("amount", String.valueOf(line.quantity()));
            ObjectNode tracking = status.putObject("trackingInfo");
            tracking.put("shipDateTime", push.shippedAt().toEpochMilli());
            tracking.putObject("carrierName").put("carrier", carrier(push.carrier()));
            tracking.put("methodCode", methodCode(push.service()));
            tracking.put("trackingNumber", push.trackingNumber());
            if (push.trackingUrl() != null) {
                tracking.put("trackingURL", push.trackingUrl());
            }
        }
        return root;
    }

    /** Walmart's {@code carrierName.carrier} (CarrierNameType; shipping.md 6.4). */
    static String carrier(Carrier carrier) {
        return switch (carrier) {
            case USPS -> "USPS";
            case UPS -> "UPS";
            case FEDEX -> "FedEx";
        };
    }

    /**
     * Walmart's {@code methodCode} (Standard, Express, OneDay, Freight, WhiteGlove, Value) for a carrier service:
     * next-day services are OneDay, express and two-day ones Express, freight Freight, everything else Standard.
     */
    static String methodCode(String service) {
        String s = service == null ? "" : service.toLowerCase(Locale.ROOT);
        if (s.contains("next day") || s.contains("overnight") || s.contains("1 day") || s.contains("one day")) {
            return "OneDay";
        }
        if (s.contains("express") || s.contains("2nd day") || s.contains("2day") || s.contains("2 day")) {
            return "Express";
        }
        return s.contains("freight") ? "Freight" : "Standard";
    }

    /** {@code " (INVALID_REQUEST_CONTENT: Order 123 has no line 9)"}: Walmart's codes and descriptions. */
    private String errors(String body) {
        try {
            List<String> errors = new ArrayList<>();
            for (JsonNode error : WalmartOrders.errorList(json, json.readTree(body))) {
                String code = WalmartOrderSource.text(error.path("code"));
                String description = WalmartOrderSource.text(error.path("description"));
                errors.add(ConnectorHttp.quote(code, 60) + (description == null ? ""
                        : ": " + ConnectorHttp.quote(description, 200)));
            }
            return errors.isEmpty() ? "" : " (" + String.join("; ", errors.subList(0, Math.min(3, errors.size()))) + ")";
        } catch (JacksonException | IllegalArgumentException e) {
            return "";
        }
    }

    /** "Walmart: line 1 Shipped, line 2 Shipped", from the order Walmart sent back; never its buyer fields. */
    private String answer(TrackingPush push, String body) {
        try {
            JsonNode lines = json.readTree(body).path("order").path("orderLines").path("orderLine");
            List<String> shipped = new ArrayList<>();
            for (TrackingPush.PushLine pushed : push.lines()) {
                for (JsonNode line : lines) {
                    if (pushed.lineNumber().equals(WalmartOrderSource.text(line.path("lineNumber")))) {
                        shipped.add("line " + pushed.lineNumber() + " " + lineStatus(line));
                    }
                }
            }
            if (!shipped.isEmpty()) {
                return "Walmart: " + String.join(", ", shipped);
            }
        } catch (JacksonException | IllegalArgumentException e) {
            // accepted all the same: the 200 is what counts
        }
        return "Walmart accepted the shipment (HTTP 200)";
    }

    private static String lineStatus(JsonNode line) {
        List<String> statuses = new ArrayList<>();
        for (JsonNode status : line.path("orderLineStatuses").path("orderLineStatus")) {
            statuses.add(ConnectorHttp.quote(WalmartOrderSource.text(status.path("status")), 20) + " "
                    + ConnectorHttp.quote(WalmartOrderSource.text(status.path("statusQuantity").path("amount")), 6));
        }
        return String.join(" + ", statuses);
    }
}
