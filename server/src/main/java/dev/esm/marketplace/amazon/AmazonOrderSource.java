package dev.esm.marketplace.amazon;

import dev.esm.platform.quota.Meter;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.MarketplaceRejected;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.marketplace.MarketplaceOrder;
import dev.esm.marketplace.OrderPage;
import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;

/**
 * Amazon orders through the Selling Partner API: an LWA access token from the store's refresh token (cached), then
 * Orders API v2026-01-01 {@code searchOrders} ({@code GET /orders/2026-01-01/orders}) with {@code lastUpdatedAfter},
 * paged with {@code pagination.nextToken}. One HTTP attempt per call (plus one token refresh when the SP-API refuses
 * a cached token): retrying is the sync engine's job.
 */
class AmazonOrderSource implements OrderConnector<StoreCredentials.Amazon> {

    static final String SEARCH_PATH = "/orders/2026-01-01/orders";
    private static final String OPERATION = "GET " + SEARCH_PATH;
    private static final String INCLUDED_DATA = "BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,PACKAGES,CANCELLATION,TAX";
    /** searchOrders' usage plan: 0.0056 requests per second, bursts of 20 (marketplaces.md §2.3.1 and §2.5). */
    static final CallLimit SEARCH_ORDERS = new CallLimit("amazon-search-orders", AmazonHttp.DEFAULT_RATE, 20,
            Meter.SELLER_ACCOUNT);

    private final AmazonProperties properties;
    private final AmazonHttp http = new AmazonHttp();
    private final AmazonLwaClient lwa;

    AmazonOrderSource(AmazonProperties properties) {
        this.properties = properties;
        this.lwa = new AmazonLwaClient(properties, http);
    }

    /** With the LWA token cache shared by all of ESM's Amazon calls. */
    AmazonOrderSource(AmazonProperties properties, AmazonLwaClient lwa) {
        this.properties = properties;
        this.lwa = lwa;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.AMAZON;
    }

    @Override
    public CallLimit orderCalls() {
        return SEARCH_ORDERS;
    }

    @Override
    public OrderPage fetch(StoreCredentials.Amazon amazon, String cursor, Instant now, CallPermits permits)
            throws MarketplaceException {
        if (!properties.configured()) {
            throw new MarketplaceRejected("The Amazon connector has no app credentials "
                    + "(esm.connectors.amazon.client-id and client-secret)");
        }
        AmazonCursor position = AmazonCursor.parse(cursor, now.minus(properties.firstSync()), properties.overlap());
        JsonNode body = search(amazon, query(position), permits);
        List<MarketplaceOrder> orders = new ArrayList<>();
        try {
            for (JsonNode order : body.path("orders")) {
                orders.add(AmazonOrders.toOrder(order));
            }
        } catch (RuntimeException e) {
            throw new MarketplaceUnavailable(OPERATION + " answered with an order that could not be read ("
                    + e.getClass().getSimpleName() + ")", null);
        }
        Instant end = end(body, position, now);
        String nextToken = AmazonOrders.text(body.path("pagination").path("nextToken"));
        if (nextToken != null && !nextToken.isBlank()) {
            return new OrderPage(orders, position.next(nextToken, end), false);
        }
        return new OrderPage(orders, AmazonCursor.between(end), true);
    }

    private String query(AmazonCursor position) {
        StringBuilder query = new StringBuilder("?lastUpdatedAfter=")
                .append(encode(DateTimeFormatter.ISO_INSTANT.format(position.from())))
                .append("&marketplaceIds=").append(encode(String.join(",", properties.marketplaceIds())))
                .append("&maxResultsPerPage=").append(properties.pageSize())
                .append("&includedData=").append(encode(INCLUDED_DATA));
        if (position.token() != null) {
            query.append("&paginationToken=").append(encode(position.token()));
        }
        return query.toString();
    }

    /** searchOrders with the cached token; a refused token is dropped and the call made once more with a new one. */
    private JsonNode search(StoreCredentials.Amazon credentials, String query, CallPermits permits)
            throws MarketplaceException {
        return new AmazonGet(properties, http, lwa).get(credentials, SEARCH_PATH + query, OPERATION, SEARCH_ORDERS,
                permits);
    }

    /** The window's end as Amazon pinned it ({@code lastUpdatedBefore}), else as a previous page said, else now. */
    private static Instant end(JsonNode body, AmazonCursor position, Instant now) {
        String before = AmazonOrders.text(body.path("lastUpdatedBefore"));
        if (before != null) {
            try {
                return OffsetDateTime.parse(before).toInstant();
            } catch (DateTimeParseException ignored) {
                // fall back below
            }
        }
        return position.before() != null ? position.before() : now;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
