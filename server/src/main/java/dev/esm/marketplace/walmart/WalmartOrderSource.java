package dev.esm.marketplace.walmart;

import dev.esm.platform.quota.Meter;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.marketplace.MarketplaceOrder;
import dev.esm.marketplace.OrderPage;
import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;

/**
 * Walmart Marketplace orders: a client-credentials token ({@link WalmartAccess}), then {@code GET /v3/orders}
 * filtered by {@code lastModifiedStartDate}/{@code lastModifiedEndDate} and paged with {@code list.meta.nextCursor}. One HTTP attempt per call: retrying is the sync engine's job.
 */
class WalmartOrderSource implements OrderConnector<StoreCredentials.Walmart> {

    /**
     * {@code GET /v3/orders} (getAllOrders): about 5000 calls a minute per seller (marketplaces.md §1.5, UNCONFIRMED
     * third-party figure; Walmart documents no burst, 50 is ESM's assumption).
     */
    static final CallLimit ORDERS = new CallLimit("walmart-orders", 5000 / 60.0, 50, Meter.SELLER_ACCOUNT);

    /**
     * The code with which {@code GET /v3/orders} answers HTTP 404 when the window holds no orders: an empty page.
     * Any other 404 is a failure.
     */
    static final String EMPTY_WINDOW = "CONTENT_NOT_FOUND.GMP_ORDER_API";

    private final WalmartProperties properties;
    private final WalmartAccess access;
    private final JsonMapper json = JsonMapper.builder().build();

    WalmartOrderSource(WalmartProperties properties) {
        this(properties, new WalmartAccess(properties));
    }

    /** With the token cache shared by all of ESM's Walmart calls. */
    WalmartOrderSource(WalmartProperties properties, WalmartAccess access) {
        this.properties = properties;
        this.access = access;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.WALMART;
    }

    @Override
    public CallLimit orderCalls() {
        return ORDERS;
    }

    @Override
    public OrderPage fetch(StoreCredentials.Walmart walmart, String cursor, Instant now, CallPermits permits)
            throws MarketplaceException {
        WalmartCursor position = WalmartCursor.parse(cursor, now.minus(properties.firstSync()), properties.overlap(),
                properties.window(), now);
        String query = position.next() != null ? position.next()
                : "?limit=" + properties.pageSize() + "&lastModifiedStartDate=" + encode(position.from())
                  + "&lastModifiedEndDate=" + encode(position.to());
        JsonNode list = call(walmart, "/v3/orders" + query, permits).path("list");
        // a missing list is Walmart's empty window (see body): no orders, no next cursor
        List<MarketplaceOrder> orders = new ArrayList<>();
        try {
            for (JsonNode order : list.path("elements").path("order")) {
                orders.add(WalmartOrders.toOrder(order));
            }
        } catch (RuntimeException e) {
            throw new MarketplaceUnavailable("GET /v3/orders answered with an order that could not be read ("
                    + e.getClass().getSimpleName() + ")", null);
        }
        String nextCursor = text(list.path("meta").path("nextCursor"));
        if (nextCursor != null && !nextCursor.isBlank()) {
            return new OrderPage(orders, position.withNext(nextCursor).format(), false);
        }
        return new OrderPage(orders, WalmartCursor.nextWindow(position.to()).format(), position.reaches(now));
    }

    private JsonNode call(StoreCredentials.Walmart credentials, String pathAndQuery, CallPermits permits)
            throws MarketplaceException {
        HttpResponse<String> response = access.send(credentials, pathAndQuery, null, "GET /v3/orders", permits, ORDERS);
        WalmartRateHeaders.tokensLeft(response).ifPresent(left -> permits.marketplaceTokens(ORDERS, left));
        return body(response, "GET /v3/orders");
    }

    private JsonNode body(HttpResponse<String> response, String operation) throws MarketplaceException {
        return WalmartBodies.read(json, response, operation);
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS)),
                StandardCharsets.UTF_8);
    }

    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asString();
    }
}
