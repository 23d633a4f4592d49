package dev.esm.marketplace.ebay;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;

/**
 * The Notification API's public keys by key id ({@code GET /commerce/notification/v1/public_key/{id}}), fetched with
 * an application token (client-credentials grant, base scope; cached until five minutes before it expires) and kept
 * for {@code keyCache} (an hour), as eBay asks: the key is not fetched for every notification. An unknown key id
 * (eBay's 404, or a 400 for an id it cannot read) is {@link Optional#empty()}, remembered for a minute so a burst of
 * forged ids costs one call each at most; a failing endpoint (5xx, timeout, 401/403 for ESM's keys, an unreadable key)
 * is {@link MarketplaceUnavailable}, so the notice is refused with a 5xx and eBay delivers it again.
 */
final class EbayNotificationKeys {

    static final String OPERATION = "GET /commerce/notification/v1/public_key";
    private static final String TOKEN_OPERATION = "POST /identity/v1/oauth2/token (client_credentials)";
    private static final String APP_SCOPE = "https://api.ebay.com/oauth/api_scope";
    private static final Duration UNKNOWN_KEPT = Duration.ofMinutes(1);
    private static final int MAX_CACHED = 1_000;

    /** A key as eBay describes it: its algorithm ({@code ECDSA}) and digest ({@code SHA1}). */
    record NotificationKey(PublicKey key, String algorithm, String digest) {
    }

    private record Cached(NotificationKey key, Instant until) {
    }

    private record AppToken(String value, Instant expiresAt) {
    }

    private final EbayProperties properties;
    private final Duration keep;
    private final EbayHttp http;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile AppToken token;

    EbayNotificationKeys(EbayProperties properties, Duration keep, EbayHttp http, Clock clock) {
        this.properties = properties;
        this.keep = keep;
        this.http = http;
        this.clock = clock;
    }

    Optional<NotificationKey> key(String kid) throws MarketplaceUnavailable {
        Instant now = clock.instant();
        Cached cached = cache.get(kid);
        if (cached != null && now.isBefore(cached.until())) {
            return Optional.ofNullable(cached.key());
        }
        Optional<NotificationKey> fetched = fetch(kid, true);
        if (cache.size() >= MAX_CACHED) {
            cache.values().removeIf(c -> !now.isBefore(c.until()));
        }
        if (cache.size() < MAX_CACHED) {
            cache.put(kid, new Cached(fetched.orElse(null), now.plus(fetched.isPresent() ? keep : UNKNOWN_KEPT)));
        }
        return fetched;
    }

    private Optional<NotificationKey> fetch(String kid, boolean retryOn401) throws MarketplaceUnavailable {
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.baseUrl()
                        + "/commerce/notification/v1/public_key/" + URLEncoder.encode(kid, StandardCharsets.UTF_8)
                        .replace("+", "%20")))
                .timeout(properties.requestTimeout())
                .header("Authorization", "Bearer " + appToken())
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> response = http.send(request, OPERATION);
        int status = response.statusCode();
        if (status == 401 && retryOn401) {
            token = null;
            return fetch(kid, false);
        }
        if (status == 404 || status == 400) {
            return Optional.empty();
        }
        if (status != 200) {
            throw new MarketplaceUnavailable(OPERATION + " failed with HTTP " + status
                    + http.errorIds(response.body()), null);
        }
        JsonNode body = http.json(response, OPERATION);
        String algorithm = EbayHttp.text(body.path("algorithm"));
        String digest = EbayHttp.text(body.path("digest"));
        String pem = EbayHttp.text(body.path("key"));
        if (algorithm == null || digest == null || pem == null) {
            throw new MarketplaceUnavailable(OPERATION + " answered without algorithm, digest or key", null);
        }
        return Optional.of(new NotificationKey(publicKey(pem), algorithm, digest));
    }

    /** PEM armour (on one line or several) stripped, base64 decoded, X.509 SubjectPublicKeyInfo of an EC key. */
    static PublicKey publicKey(String pem) throws MarketplaceUnavailable {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s+", "");
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                    .decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new MarketplaceUnavailable(OPERATION + " answered with a key that is not an EC public key", e);
        }
    }

    private String appToken() throws MarketplaceUnavailable {
        AppToken current = token;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.expiresAt().minus(Duration.ofMinutes(5)))) {
            return current.value();
        }
        if (!properties.hasAppKeys()) {
            throw new MarketplaceUnavailable("The eBay connector has no application keys (esm.connectors.ebay."
                    + "client-id, client-secret): notification keys cannot be fetched", null);
        }
        String basic = Base64.getEncoder().encodeToString((properties.clientId() + ":" + properties.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.tokenUrl()))
                .timeout(properties.requestTimeout())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + URLEncoder.encode(APP_SCOPE, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = http.send(request, TOKEN_OPERATION);
        if (response.statusCode() != 200) {
            String error = http.oauthError(response.body());
            throw new MarketplaceUnavailable(TOKEN_OPERATION + " failed with HTTP " + response.statusCode()
                    + (error.isEmpty() ? "" : " (" + error + ")"), null);
        }
        JsonNode body = http.json(response, TOKEN_OPERATION);
        String value = EbayHttp.text(body.path("access_token"));
        if (value == null || value.isBlank()) {
            throw new MarketplaceUnavailable(TOKEN_OPERATION + " answered without an access token", null);
        }
        token = new AppToken(value, now.plusSeconds(body.path("expires_in").asLong(7200)));
        return value;
    }
}
