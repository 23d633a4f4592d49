package dev.esm.marketplace.amazon;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
 * Tracking to Amazon: Orders API v0 {@code confirmShipment}
 * ({@code POST /orders/v0/orders/{orderId}/shipmentConfirmation}, 204 on success) with an LWA access token. The
 * package reference id is derived from the tracking number, so pushing the same package again edits Amazon's
 * confirmation instead of adding a second package. The marketplace id is the connector's configured one; with several
 * configured, the order's own is read with getOrder first.
 */
class AmazonTrackingDestination implements TrackingConnector<StoreCredentials.Amazon> {

    static final String OPERATION = "POST /orders/v0/orders/{orderId}/shipmentConfirmation";
    private static final String GET_ORDER = "GET " + AmazonOrderSource.SEARCH_PATH + "/{orderId}";
    /** The usage plans (requests/s) of confirmShipment (ordersV0.json) and getOrder (orders_2026-01-01.json). */
    private static final double CONFIRM_SHIPMENT_RATE = 2;
    private static final double GET_ORDER_RATE = 0.5;

    private final AmazonProperties properties;
    private final AmazonHttp http = new AmazonHttp();
    private final AmazonLwaClient lwa;
    private final JsonMapper json = JsonMapper.builder().build();

    AmazonTrackingDestination(AmazonProperties properties) {
        this.properties = properties;
        this.lwa = new AmazonLwaClient(properties, http);
    }

    /** With the LWA token cache shared by all of ESM's Amazon calls. */
    AmazonTrackingDestination(AmazonProperties properties, AmazonLwaClient lwa) {
        this.properties = properties;
        this.lwa = lwa;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.AMAZON;
    }

    @Override
    public PushReceipt push(StoreCredentials.Amazon amazon, TrackingPush push) throws MarketplaceException {
        if (!properties.configured()) {
            throw new MarketplaceRejected("The Amazon connector has no app credentials "
                    + "(esm.connectors.amazon.client-id and client-secret)");
        }
        String orderPath = "/" + URLEncoder.encode(push.marketplaceOrderId(), StandardCharsets.UTF_8);
        String marketplaceId = marketplaceId(amazon, orderPath);
        ObjectNode body = body(push, marketplaceId);
        String reference = body.path("packageDetail").path("packageReferenceId").asString();
        HttpResponse<String> response = call(amazon, "/orders/v0/orders" + orderPath + "/shipmentConfirmation",
                json.writeValueAsString(body), OPERATION);
        if (response.statusCode() / 100 != 2) {
            refuse(response, OPERATION, CONFIRM_SHIPMENT_RATE);
        }
        return new PushReceipt(reference, "Amazon confirmed the shipment of package " + reference + " (HTTP "
                + response.statusCode() + ")");
    }

    /**
     * getOrder with {@code includedData=PACKAGES}: whether a package carries the tracking number. The
     * packageReferenceId is ESM's package number, so a replacement label (void, then re-ship) edits the package
     * Amazon already has; a repeat is still a second push, so a push with a lost answer is looked for here first.
     */
    @Override
    public Optional<PushReceipt> findPushed(StoreCredentials.Amazon amazon, String marketplaceOrderId,
                                            String trackingNumber) throws MarketplaceException {
        if (!properties.configured()) {
            throw new MarketplaceRejected("The Amazon connector has no app credentials "
                    + "(esm.connectors.amazon.client-id and client-secret)");
        }
        String path = AmazonOrderSource.SEARCH_PATH + "/" + URLEncoder.encode(marketplaceOrderId,
                StandardCharsets.UTF_8) + "?includedData=PACKAGES";
        HttpResponse<String> response = call(amazon, path, null, GET_ORDER);
        if (response.statusCode() != 200) {
            refuse(response, GET_ORDER, GET_ORDER_RATE);
        }
        JsonNode order = http.read(response, GET_ORDER);
        JsonNode packages = order.path("order").isObject() ? order.path("order").path("packages")
                : order.path("packages");
        for (JsonNode pack : packages) {
            if (trackingNumber.equals(AmazonOrders.text(pack.path("trackingNumber")))) {
                String reference = AmazonOrders.text(pack.path("packageReferenceId"));
                reference = reference == null ? null : ConnectorHttp.quote(reference, 40);
                return Optional.of(new PushReceipt(reference, "Amazon shows package "
                        + (reference == null ? "with this tracking number" : reference) + " as shipped"));
            }
        }
        return Optional.empty();
    }

    /** The {@code ConfirmShipmentRequest} body (ordersV0.json). */
    ObjectNode body(TrackingPush push, String marketplaceId) {
        ObjectNode root = json.createObjectNode();
        root.put("marketplaceId", marketplaceId);
        ObjectNode detail = root.putObject("packageDetail");
        detail.put("packageReferenceId", String.valueOf(push.packageNumber()));
        detail.put("carrierCode", carrierCode(push.carrier()));
        detail.put("carrierName", carrierCode(push.carrier()));
        if (push.service() != null) {
            detail.put("shippingMethod", push.service());
        }
        detail.put("trackingNumber", push.trackingNumber());
        detail.put("shipDate", DateTimeFormatter.ISO_INSTANT.format(push.shippedAt().truncatedTo(ChronoUnit.SECONDS)));
        var items = detail.putArray("orderItems");
        for (TrackingPush.PushLine line : push.lines()) {
            items.addObject().put("orderItemId", line.lineNumber()).put("quantity", line.quantity());
        }
        return root;
    }

    /** Amazon's {@code carrierCode} (shipping.md 6.4). */
    static String carrierCode(Carrier carrier) {
        return switch (carrier) {
            case USPS -> "USPS";
            case UPS -> "UPS";
            case FEDEX -> "FedEx";
        };
    }

    private String marketplaceId(StoreCredentials.Amazon credentials, String orderPath) throws MarketplaceException {
        if (properties.marketplaceIds().size() == 1) {
            return properties.marketplaceIds().get(0);
        }
        HttpResponse<String> response = call(credentials, AmazonOrderSource.SEARCH_PATH + orderPath, null, GET_ORDER);
        if (response.statusCode() != 200) {
            refuse(response, GET_ORDER, GET_ORDER_RATE);
        }
        JsonNode order = http.read(response, GET_ORDER);
        String id = AmazonOrders.text(order.path("order").path("salesChannel").path("marketplaceId"));
        if (id == null) {
            id = AmazonOrders.text(order.path("salesChannel").path("marketplaceId"));
        }
        if (id == null) {
            throw new MarketplaceUnavailable(GET_ORDER + " answered without the order's marketplace id", null);
        }
        return id;
    }

    /** One call with the cached token; a refused token is dropped and the call made once more with a new one. */
    private HttpResponse<String> call(StoreCredentials.Amazon credentials, String path, String body, String operation)
            throws MarketplaceException {
        HttpResponse<String> response = http.send(request(path, body, lwa.accessToken(credentials, CallPermits.UNLIMITED)), operation);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            lwa.forget(credentials);
            response = http.send(request(path, body, lwa.accessToken(credentials, CallPermits.UNLIMITED)), operation);
        }
        return response;
    }

    private HttpRequest request(String path, String body, String accessToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(properties.baseUrl() + path))
                .timeout(properties.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "ESM/0.1 (Language=Java/" + Runtime.version().feature() + ")")
                .header("x-amz-access-token", accessToken);
        return body == null ? request.GET().build()
                : request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private void refuse(HttpResponse<String> response, String operation, double planRate) throws MarketplaceException {
        int status = response.statusCode();
        if (status == 429) {
            throw new RateLimited(operation + " was throttled (HTTP 429)",
                    AmazonHttp.retryAfter(response, planRate));
        }
        if (status == 401 || status == 403) {
            throw new CredentialsExpired(operation + " refused the store's authorization (HTTP " + status
                    + http.errorCodes(response.body()) + "); reconnect the store");
        }
        if (status >= 500) {
            throw new MarketplaceUnavailable(operation + " failed with HTTP " + status, null);
        }
        throw new MarketplaceRejected(operation + " was rejected with HTTP " + status + errors(response.body()));
    }

    /** {@code " (InvalidInput: Invalid Input: Order 1 has no order item 9.)"}: the ErrorList's code, message, details. */
    private String errors(String body) {
        try {
            List<String> errors = new ArrayList<>();
            for (JsonNode error : json.readTree(body).path("errors")) {
                String message = AmazonOrders.text(error.path("message"));
                String details = AmazonOrders.text(error.path("details"));
                errors.add(ConnectorHttp.quote(AmazonOrders.text(error.path("code")), 60)
                        + (message == null ? "" : ": " + ConnectorHttp.quote(message, 120))
                        + (details == null || details.isBlank() ? "" : ": " + ConnectorHttp.quote(details, 200)));
            }
            return errors.isEmpty() ? "" : " (" + String.join("; ", errors.subList(0, Math.min(3, errors.size()))) + ")";
        } catch (JacksonException | IllegalArgumentException e) {
            return "";
        }
    }
}
