package dev.esm.marketplace.amazon;

import dev.esm.platform.quota.Meter;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
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
 * Access tokens from Login with Amazon: the refresh-token grant (form body; the refresh token and client secret travel
 * only there), cached per store authorization until a minute before they expire.
 */
final class AmazonLwaClient {

    private static final String OPERATION = "POST /auth/o2/token";
    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(60);
    /**
     * The LWA token endpoint: Amazon documents no rate for it (marketplaces.md §2.2 lists none); one a second, five at
     * once, is ESM's assumption. Tokens are cached for an hour, so a store needs about one an hour.
     */
    static final CallLimit TOKEN = new CallLimit("amazon-lwa-token", 1, 5, Meter.SELLER_ACCOUNT);

    private final AmazonProperties properties;
    private final AmazonHttp http;
    private final Map<String, AccessToken> tokens = new ConcurrentHashMap<>();

    AmazonLwaClient(AmazonProperties properties, AmazonHttp http) {
        this.properties = properties;
        this.http = http;
    }

    String accessToken(StoreCredentials.Amazon credentials, CallPermits permits) throws MarketplaceException {
        String key = key(credentials);
        AccessToken cached = tokens.get(key);
        if (cached != null && Instant.now().isBefore(cached.expiresAt().minus(REFRESH_BEFORE_EXPIRY))) {
            return cached.value();
        }
        String form = "grant_type=refresh_token&refresh_token=" + encode(credentials.refreshToken())
                + "&client_id=" + encode(properties.clientId()) + "&client_secret=" + encode(properties.clientSecret());
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.tokenUrl()))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Permits.take(permits, TOKEN);
        HttpResponse<String> response = http.send(request, OPERATION);
        refuse(response);
        JsonNode body = http.read(response, OPERATION);
        JsonNode value = body.path("access_token");
        if (!value.isString() || value.asString().isBlank()) {
            throw new MarketplaceUnavailable(OPERATION + " answered without an access token", null);
        }
        long expiresIn = body.path("expires_in").asLong(3600);
        AccessToken fresh = new AccessToken(value.asString(), Instant.now().plusSeconds(expiresIn));
        tokens.put(key, fresh);
        return fresh.value();
    }

    /** Drops a cached token that the SP-API refused, so the next call fetches a new one. */
    void forget(StoreCredentials.Amazon credentials) {
        tokens.remove(key(credentials));
    }

    private void refuse(HttpResponse<String> response) throws MarketplaceException {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        String codes = http.errorCodes(response.body());
        if (codes.contains("invalid_grant")) {
            throw new CredentialsExpired("Amazon refused the store's refresh token (invalid_grant); reconnect the store");
        }
        if (status == 401 || codes.contains("invalid_client")) {
            throw new MarketplaceRejected("Login with Amazon refused ESM's app credentials (HTTP " + status + codes
                    + "); check esm.connectors.amazon.client-id and client-secret");
        }
        if (status == 429) {
            throw new RateLimited(OPERATION + " was throttled (HTTP 429)", AmazonHttp.retryAfter(response));
        }
        if (status >= 500) {
            throw new MarketplaceUnavailable(OPERATION + " failed with HTTP " + status, null);
        }
        throw new MarketplaceRejected(OPERATION + " was rejected with HTTP " + status + codes);
    }

    /** One cache entry per store authorization; the key holds a hash of the refresh token, never the token. */
    private static String key(StoreCredentials.Amazon credentials) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(credentials.refreshToken().getBytes(StandardCharsets.UTF_8));
            return credentials.sellingPartnerId() + ":" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record AccessToken(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "AccessToken[hidden, expires " + expiresAt + "]";
        }
    }
}
