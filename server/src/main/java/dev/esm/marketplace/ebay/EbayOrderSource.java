package dev.esm.marketplace.ebay;

import dev.esm.platform.quota.Meter;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.esm.marketplace.http.Permits;
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
 * eBay orders through the Fulfillment API: a user access token from the store's refresh token ({@link EbayTokens}),
 * then {@code GET /sell/fulfillment/v1/order?filter=lastmodifieddate:[from..to]&limit=&offset=} window by window
 * ({@link EbayCursor}). One HTTP attempt per call (plus one token refresh when eBay refuses a cached token):
 * retrying is the sync engine's job.
 */
class EbayOrderSource implements OrderConnector<StoreCredentials.Ebay> {

    static final String OPERATION = "GET /sell/fulfillment/v1/order";
    /**
     * getOrders: eBay's Fulfillment API default is a daily call quota, commonly cited as 100,000 a day
     * (marketplaces.md §3.5, UNCONFIRMED; configurable), as a bucket ({@link CallLimit#perDay}).
     */
    static final CallLimit ORDERS = CallLimit.perDay("ebay-orders", 100_000).meteredBy(Meter.APPLICATION);
    /** The same figure per seller (eBay's quotas are "per app, or per user"), so one store cannot use up the app's day. */
    static final CallLimit ORDERS_PER_SELLER = CallLimit.perDay("ebay-orders-seller", 100_000)
            .meteredBy(Meter.SELLER_ACCOUNT);
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final EbayProperties properties;
    private final EbayHttp http = new EbayHttp();
    private final EbayTokens tokens;

    EbayOrderSource(EbayProperties properties) {
        this.properties = properties;
        this.tokens = new EbayTokens(properties, http, Clock.systemUTC());
    }

    /** With the token cache shared by all of ESM's eBay calls (one refresh per store, not one per connector). */
    EbayOrderSource(EbayProperties properties, EbayTokens tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.EBAY;
    }

    @Override
    public CallLimit orderCalls() {
        return ORDERS;
    }

    @Override
    public OrderPage fetch(StoreCredentials.Ebay ebay, String cursor, Instant now, CallPermits permits)
            throws MarketplaceException {
        EbayCursor position = EbayCursor.parse(cursor, now.minus(properties.firstSync()), properties.overlap(),
                properties.window(), now);
        JsonNode page = call(ebay, position, permits);
        List<MarketplaceOrder> orders = new ArrayList<>();
        try {
            for (JsonNode order : page.path("orders")) {
                orders.add(EbayOrders.toOrder(order));
            }
        } catch (RuntimeException e) {
            throw new MarketplaceUnavailable(OPERATION + " answered with an order that could not be read ("
                    + e.getClass().getSimpleName() + ")", null);
        }
        String next = EbayHttp.text(page.path("next"));
        int total = page.path("total").asInt(orders.size());
        EbayCursor after = position.afterPage(orders.size(), total, next != null && !next.isBlank());
        if (after != null) {
            return new OrderPage(orders, after.format(), false);
        }
        return new OrderPage(orders, position.formatEnd(), position.reaches(now));
    }

    private JsonNode call(StoreCredentials.Ebay credentials, EbayCursor position, CallPermits permits)
            throws MarketplaceException {
        URI uri = URI.create(properties.baseUrl() + "/sell/fulfillment/v1/order?filter=lastmodifieddate:%5B"
                + TIMESTAMP.format(position.from()) + ".." + TIMESTAMP.format(position.to()) + "%5D&limit="
                + properties.pageSize() + "&offset=" + position.offset());
        String token = tokens.accessToken(credentials, permits);
        Permits.take(permits, ORDERS);
        Permits.take(permits, ORDERS_PER_SELLER);
        HttpResponse<String> response = http.send(request(uri, token), OPERATION);
        if (response.statusCode() == 401) {
            tokens.forget(credentials);
            token = tokens.accessToken(credentials, permits);
            Permits.take(permits, ORDERS);
            Permits.take(permits, ORDERS_PER_SELLER);
            response = http.send(request(uri, token), OPERATION);
        }
        return http.ok(response, OPERATION, properties.rateLimitWait());
    }

    private HttpRequest request(URI uri, String accessToken) {
        return HttpRequest.newBuilder(uri)
                .timeout(properties.requestTimeout())
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json")
                .GET()
                .build();
    }
}
