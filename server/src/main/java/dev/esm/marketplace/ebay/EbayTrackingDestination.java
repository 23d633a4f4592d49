package dev.esm.marketplace.ebay;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.esm.marketplace.http.ConnectorHttp;
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
 * Tracking to eBay: Fulfillment API {@code createShippingFulfillment}
 * ({@code POST /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment}) with the store's user token; eBay answers
 * 201 and names the new fulfillment's id (the tracking number) in the {@code Location} header.
 */
class EbayTrackingDestination implements TrackingConnector<StoreCredentials.Ebay> {

    static final String OPERATION = "POST /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment";
    static final String READ_OPERATION = "GET /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment";
    private static final DateTimeFormatter SHIPPED_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final EbayProperties properties;
    private final EbayHttp http = new EbayHttp();
    private final EbayTokens tokens;
    private final JsonMapper json = JsonMapper.builder().build();

    EbayTrackingDestination(EbayProperties properties) {
        this.properties = properties;
        this.tokens = new EbayTokens(properties, http, Clock.systemUTC());
    }

    /** With the token cache shared by all of ESM's eBay calls (one refresh per store, not one per connector). */
    EbayTrackingDestination(EbayProperties properties, EbayTokens tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.EBAY;
    }

    @Override
    public PushReceipt push(StoreCredentials.Ebay ebay, TrackingPush push) throws MarketplaceException {
        URI uri = URI.create(properties.baseUrl() + "/sell/fulfillment/v1/order/"
                + URLEncoder.encode(push.marketplaceOrderId(), StandardCharsets.UTF_8) + "/shipping_fulfillment");
        String body = json.writeValueAsString(body(push));
        HttpResponse<String> response = http.send(request(uri, body, tokens.accessToken(ebay, CallPermits.UNLIMITED)), OPERATION);
        if (response.statusCode() == 401) {
            tokens.forget(ebay);
            response = http.send(request(uri, body, tokens.accessToken(ebay, CallPermits.UNLIMITED)), OPERATION);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new CredentialsExpired(OPERATION + " refused the store's access (HTTP " + status
                    + http.errorIds(response.body()) + "); reconnect the store");
        }
        if (status == 429) {
            throw new RateLimited(OPERATION + " was throttled (HTTP 429)",
                    EbayHttp.retryAfter(response, properties.rateLimitWait()));
        }
        if (status >= 500) {
            throw new MarketplaceUnavailable(OPERATION + " failed with HTTP " + status, null);
        }
        if (status / 100 != 2) {
            throw new MarketplaceRejected(OPERATION + " was rejected with HTTP " + status + errors(response.body()));
        }
        String fulfillmentId = response.headers().firstValue("Location").map(EbayTrackingDestination::lastSegment)
                .orElse(null);
        return new PushReceipt(fulfillmentId, fulfillmentId == null
                ? "eBay created the shipping fulfillment (HTTP " + status + ")"
                : "eBay created shipping fulfillment " + fulfillmentId);
    }

    /**
     * getShippingFulfillments: a second {@code createShippingFulfillment} with the same tracking number would add a
     * second fulfillment, so a push with a lost answer is looked for here before it is made again.
     */
    @Override
    public Optional<PushReceipt> findPushed(StoreCredentials.Ebay ebay, String marketplaceOrderId,
                                            String trackingNumber) throws MarketplaceException {
        URI uri = URI.create(properties.baseUrl() + "/sell/fulfillment/v1/order/"
                + URLEncoder.encode(marketplaceOrderId, StandardCharsets.UTF_8) + "/shipping_fulfillment");
        HttpResponse<String> response = http.send(get(uri, tokens.accessToken(ebay, CallPermits.UNLIMITED)),
                READ_OPERATION);
        if (response.statusCode() == 401) {
            tokens.forget(ebay);
            response = http.send(get(uri, tokens.accessToken(ebay, CallPermits.UNLIMITED)), READ_OPERATION);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new CredentialsExpired(READ_OPERATION + " refused the store's access (HTTP " + status
                    + http.errorIds(response.body()) + "); reconnect the store");
        }
        if (status == 429) {
            throw new RateLimited(READ_OPERATION + " was throttled (HTTP 429)",
                    EbayHttp.retryAfter(response, properties.rateLimitWait()));
        }
        if (status >= 500) {
            throw new MarketplaceUnavailable(READ_OPERATION + " failed with HTTP " + status, null);
        }
        if (status != 200) {
            throw new MarketplaceRejected(READ_OPERATION + " was rejected with HTTP " + status + errors(response.body()));
        }
        for (JsonNode fulfillment : http.json(response, READ_OPERATION).path("fulfillments")) {
            if (trackingNumber.equals(EbayHttp.text(fulfillment.path("shipmentTrackingNumber")))) {
                String id = EbayHttp.text(fulfillment.path("fulfillmentId"));
                String reference = id == null ? null : ConnectorHttp.quote(id, 100);
                return Optional.of(new PushReceipt(reference, "eBay shows shipping fulfillment "
                        + (reference == null ? "with this tracking number" : reference)));
            }
        }
        return Optional.empty();
    }

    /** The {@code ShippingFulfillmentDetails} body (sell_fulfillment_v1_oas3). */
    ObjectNode body(TrackingPush push) {
        ObjectNode root = json.createObjectNode();
        var items = root.putArray("lineItems");
        for (TrackingPush.PushLine line : push.lines()) {
            items.addObject().put("lineItemId", line.lineNumber()).put("quantity", line.quantity());
        }
        root.put("shippedDate", SHIPPED_DATE.format(push.shippedAt()));
        root.put("shippingCarrierCode", carrierCode(push.carrier()));
        root.put("trackingNumber", push.trackingNumber());
        return root;
    }

    /** eBay's {@code shippingCarrierCode} (ShippingCarrierCodeType; shipping.md 6.4). */
    static String carrierCode(Carrier carrier) {
        return switch (carrier) {
            case USPS -> "USPS";
            case UPS -> "UPS";
            case FEDEX -> "FedEx";
        };
    }

    private HttpRequest get(URI uri, String accessToken) {
        return HttpRequest.newBuilder(uri)
                .timeout(properties.requestTimeout())
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json")
                .GET()
                .build();
    }

    private HttpRequest request(URI uri, String body, String accessToken) {
        return HttpRequest.newBuilder(uri)
                .timeout(properties.requestTimeout())
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    /** {@code " (errorId 32200: Invalid line item id: Order 1 has no line item 9.)"}. */
    private String errors(String body) {
        try {
            List<String> errors = new ArrayList<>();
            for (JsonNode error : json.readTree(body).path("errors")) {
                String message = EbayHttp.text(error.path("message"));
                String longMessage = EbayHttp.text(error.path("longMessage"));
                errors.add("errorId " + error.path("errorId").asLong()
                        + (message == null ? "" : ": " + ConnectorHttp.quote(message, 120))
                        + (longMessage == null || longMessage.equals(message) ? ""
                                : ": " + ConnectorHttp.quote(longMessage, 200)));
            }
            return errors.isEmpty() ? "" : " (" + String.join("; ", errors.subList(0, Math.min(3, errors.size()))) + ")";
        } catch (JacksonException | IllegalArgumentException e) {
            return "";
        }
    }

    private static String lastSegment(String location) {
        String path = location.strip().replaceAll("/+$", "");
        String id = path.substring(path.lastIndexOf('/') + 1);
        return id.isEmpty() ? null : ConnectorHttp.quote(id, 100);
    }
}
