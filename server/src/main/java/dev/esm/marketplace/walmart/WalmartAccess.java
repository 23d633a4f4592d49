package dev.esm.marketplace.walmart;

import dev.esm.platform.quota.Meter;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.http.Permits;
import dev.esm.marketplace.http.ConnectorHttp;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.marketplace.StoreCredentials;

/**
 * How ESM calls Walmart for a store: a client-credentials token from {@code /v3/token} (cached per client id until
 * shortly before its 900 s expiry) and the headers every Marketplace API call carries ({@code WM_SEC.ACCESS_TOKEN},
 * a fresh {@code WM_QOS.CORRELATION_ID}, {@code WM_SVC.NAME}, {@code Accept: application/json}).
 */
final class WalmartAccess {

    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(60);
    /** {@code POST /v3/token}: no documented limit (§1.2, §1.5); one a second, five at once, is ESM's assumption. */
    static final CallLimit TOKEN = new CallLimit("walmart-token", 1, 5, Meter.SELLER_ACCOUNT);

    private final WalmartProperties properties;
    private final ConnectorHttp http = new ConnectorHttp();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, AccessToken> tokens = new ConcurrentHashMap<>();

    WalmartAccess(WalmartProperties properties) {
        this.properties = properties;
    }

    /**
     * One call with the store's token ({@code body} null: GET, else a JSON POST), each attempt after a permit of
     * {@code limit}. A 401 means the token was refused before anything happened, so it is dropped and the call made
     * once more with a fresh one.
     */
    HttpResponse<String> send(StoreCredentials.Walmart credentials, String pathAndQuery, String body,
                              String operation, CallPermits permits, CallLimit limit) throws MarketplaceException {
        HttpRequest request = request(credentials, pathAndQuery, body, permits);
        Permits.take(permits, limit);
        HttpResponse<String> response = http.send(request, operation);
        if (response.statusCode() == 401) {
            tokens.remove(credentials.clientId());
            request = request(credentials, pathAndQuery, body, permits);
            Permits.take(permits, limit);
            response = http.send(request, operation);
        }
        return response;
    }

    private HttpRequest request(StoreCredentials.Walmart credentials, String pathAndQuery, String body,
                                CallPermits permits) throws MarketplaceException {
        HttpRequest.Builder request = builder(pathAndQuery).header("WM_SEC.ACCESS_TOKEN", token(credentials, permits));
        return body == null ? request.GET().build()
                : request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private String token(StoreCredentials.Walmart credentials, CallPermits permits) throws MarketplaceException {
        AccessToken cached = tokens.get(credentials.clientId());
        if (cached != null && Instant.now().isBefore(cached.expiresAt().minus(REFRESH_BEFORE_EXPIRY))) {
            return cached.value();
        }
        AccessToken fresh = requestToken(credentials, permits);
        tokens.put(credentials.clientId(), fresh);
        return fresh.value();
    }

    /**
     * Asks Walmart for a token with the client id and secret, bypassing the cache: how credentials typed in are
     * checked before a store keeps them. Throws as {@link #send} does ({@link CredentialsExpired} when refused).
     */
    void verify(StoreCredentials.Walmart credentials, CallPermits permits) throws MarketplaceException {
        requestToken(credentials, permits);
    }

    private AccessToken requestToken(StoreCredentials.Walmart credentials, CallPermits permits)
            throws MarketplaceException {
        String basic = Base64.getEncoder().encodeToString((credentials.clientId() + ":" + credentials.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        Permits.take(permits, TOKEN);
        HttpResponse<String> response = http.send(builder("/v3/token")
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), "POST /v3/token");
        int status = response.statusCode();
        if (status == 400 || status == 401 || status == 403) {
            throw new CredentialsExpired("Walmart refused the store's client id and secret (HTTP " + status
                    + "); reconnect the store");
        }
        if (status == 429) {
            throw new MarketplaceException.RateLimited("POST /v3/token was throttled (HTTP 429)",
                    WalmartRateHeaders.retryAfter(response));
        }
        if (status >= 500) {
            throw new MarketplaceUnavailable("POST /v3/token failed with HTTP " + status, null);
        }
        if (status != 200) {
            throw new MarketplaceException.MarketplaceRejected("POST /v3/token was rejected with HTTP " + status
                    + WalmartOrders.errorCodes(json, response.body()));
        }
        JsonNode token;
        try {
            token = json.readTree(response.body());
        } catch (JacksonException e) {
            throw new MarketplaceUnavailable("POST /v3/token answered with an unreadable body (HTTP 200)", null);
        }
        String value = WalmartOrderSource.text(token.path("access_token"));
        if (value == null) {
            throw new MarketplaceUnavailable("POST /v3/token answered without an access token", null);
        }
        long expiresIn = token.path("expires_in").asLong(900);
        return new AccessToken(value, Instant.now().plusSeconds(expiresIn));
    }

    private HttpRequest.Builder builder(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(properties.baseUrl() + pathAndQuery))
                .timeout(properties.requestTimeout())
                .header("Accept", "application/json")
                .header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString())
                .header("WM_SVC.NAME", properties.serviceName());
    }

    private record AccessToken(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "AccessToken[hidden, expires " + expiresAt + "]";
        }
    }
}
