package dev.esm.marketplace.ebay;

import dev.esm.platform.quota.Meter;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

import dev.esm.marketplace.http.Permits;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.marketplace.MarketplaceException.MarketplaceRejected;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.marketplace.MarketplaceException.RateLimited;
import dev.esm.marketplace.StoreCredentials;

/**
 * User access tokens from stores' refresh tokens: {@code grant_type=refresh_token} at the token endpoint with ESM's
 * application keys (Basic auth) and the configured scopes, cached per store until five minutes before they expire
 * (about two hours). The refresh token travels only in the form body; the cache is keyed by its SHA-256.
 */
final class EbayTokens {

    static final String OPERATION = "POST /identity/v1/oauth2/token";
    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
    /** The refresh-token grant: 50,000 a day (marketplaces.md §3.2, OAuth endpoint quotas). */
    static final CallLimit TOKEN = CallLimit.perDay("ebay-token", 50_000).meteredBy(Meter.APPLICATION);

    private record AccessToken(String value, Instant expiresAt) {
    }

    private final EbayProperties properties;
    private final EbayHttp http;
    private final Clock clock;
    private final Map<String, AccessToken> cache = new ConcurrentHashMap<>();

    EbayTokens(EbayProperties properties, EbayHttp http, Clock clock) {
        this.properties = properties;
        this.http = http;
        this.clock = clock;
    }

    /** A live access token for the store, from the cache or freshly refreshed. */
    String accessToken(StoreCredentials.Ebay credentials, CallPermits permits) throws MarketplaceException {
        return accessToken(credentials, permits, properties.scopes());
    }

    /**
     * A live access token for the store with {@code scopes} (e.g. the Inventory API's, which a store connected before
     * ESM asked for it has not granted: eBay then refuses the refresh with {@code invalid_scope}).
     */
    String accessToken(StoreCredentials.Ebay credentials, CallPermits permits, List<String> scopes)
            throws MarketplaceException {
        String key = key(credentials) + (scopes.equals(properties.scopes()) ? "" : " " + String.join(" ", scopes));
        AccessToken cached = cache.get(key);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.expiresAt().minus(REFRESH_BEFORE_EXPIRY))) {
            return cached.value();
        }
        AccessToken fresh = refresh(credentials, now, permits, scopes);
        if (cache.size() > 10_000) {
            cache.values().removeIf(t -> !now.isBefore(t.expiresAt()));
        }
        cache.put(key, fresh);
        return fresh.value();
    }

    /** Drops the store's cached token (eBay refused it). */
    void forget(StoreCredentials.Ebay credentials) {
        String key = key(credentials);
        cache.keySet().removeIf(k -> k.startsWith(key));
    }

    private AccessToken refresh(StoreCredentials.Ebay credentials, Instant now, CallPermits permits,
                                List<String> scopes) throws MarketplaceException {
        if (!properties.hasAppKeys()) {
            throw new MarketplaceRejected("The eBay connector has no application keys; set "
                    + "esm.connectors.ebay.client-id and esm.connectors.ebay.client-secret");
        }
        String basic = Base64.getEncoder().encodeToString((properties.clientId() + ":" + properties.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=refresh_token&refresh_token=" + encode(credentials.refreshToken())
                + "&scope=" + encode(String.join(" ", scopes));
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.tokenUrl()))
                .timeout(properties.requestTimeout())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        Permits.take(permits, TOKEN);
        HttpResponse<String> response = http.send(request, OPERATION);
        refuse(response);
        JsonNode body = http.json(response, OPERATION);
        String value = EbayHttp.text(body.path("access_token"));
        if (value == null || value.isBlank()) {
            throw new MarketplaceUnavailable(OPERATION + " answered without an access token", null);
        }
        long expiresIn = body.path("expires_in").asLong(7200);
        return new AccessToken(value, now.plusSeconds(expiresIn));
    }

    /** Maps a refusal of the token endpoint to the closed set of failures. */
    private void refuse(HttpResponse<String> response) throws MarketplaceException {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        String error = http.oauthError(response.body());
        if (status == 400 && (error.equals("invalid_grant") || error.equals("invalid_scope"))) {
            throw new CredentialsExpired("eBay refused the store's refresh token (" + error
                    + "); reconnect the store");
        }
        if (status == 401) {
            throw new MarketplaceRejected(OPERATION + " refused ESM's application keys (HTTP 401"
                    + (error.isEmpty() ? "" : " " + error) + "); check esm.connectors.ebay.client-id and client-secret");
        }
        if (status == 429) {
            throw new RateLimited(OPERATION + " was throttled (HTTP 429)",
                    EbayHttp.retryAfter(response, properties.rateLimitWait()));
        }
        if (status >= 500) {
            throw new MarketplaceUnavailable(OPERATION + " failed with HTTP " + status, null);
        }
        throw new MarketplaceRejected(OPERATION + " was rejected with HTTP " + status
                + (error.isEmpty() ? "" : " (" + error + ")"));
    }

    private static String key(StoreCredentials.Ebay credentials) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(credentials.refreshToken().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
