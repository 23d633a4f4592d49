package dev.esm.sandbox.amazon;

import dev.esm.sandbox.Seeds;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What LWA has issued: refresh tokens (long-lived, per seller), access tokens ({@code Atza|...}, a lifetime of 3600 s
 * by default) and website-authorization codes (single-use, five minutes by default).
 */
final class AmazonTokens {

    /** Who an access token speaks for; seller null for a grantless (client_credentials) token. */
    record Access(AmazonSeller seller, String scope, long expiresAt) {
    }

    record Code(AmazonSeller seller, String redirectUri, long expiresAt) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Access> access = new ConcurrentHashMap<>();
    private final Map<String, AmazonSeller> refresh = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Long> expired = new ConcurrentHashMap<>();
    private volatile Duration lifetime = Duration.ofSeconds(3600);
    private volatile Duration codeLifetime = Duration.ofMinutes(5);

    AmazonTokens(Clock clock) {
        this.clock = clock;
    }

    Duration lifetime() {
        return lifetime;
    }

    void lifetime(Duration value) {
        lifetime = positive(value);
    }

    Duration codeLifetime() {
        return codeLifetime;
    }

    void codeLifetime(Duration value) {
        codeLifetime = positive(value);
    }

    /** A seller's first refresh token, derived from the seed (stable across restarts with one seed). */
    static String initialRefreshToken(long seed, int sellerNumber) {
        SplittableRandom r = Seeds.rng(Seeds.mix(seed, "amazon-refresh"), sellerNumber);
        return "Atzr|IwEB" + Seeds.alnum(r, 140);
    }

    void registerRefreshToken(String token, AmazonSeller seller) {
        refresh.put(token, seller);
    }

    String issueRefreshToken(AmazonSeller seller) {
        String token = "Atzr|IwEB" + randomText(105);
        refresh.put(token, seller);
        return token;
    }

    AmazonSeller redeemRefreshToken(String token) {
        return token == null ? null : refresh.get(token.trim());
    }

    void revokeRefreshTokens(AmazonSeller seller) {
        refresh.values().removeIf(s -> s == seller);
        access.values().removeIf(a -> a.seller() == seller);
    }

    String issueAccessToken(AmazonSeller seller, String scope) {
        long now = clock.millis();
        if (access.size() > 10_000) {
            access.values().removeIf(a -> a.expiresAt() <= now);
            expired.clear();
        }
        String token = "Atza|IwEB" + randomText(300);
        access.put(token, new Access(seller, scope, now + lifetime.toMillis()));
        return token;
    }

    /** The live grant of an access token; null when unknown, expired or revoked. */
    Access validate(String token) {
        String key = token == null ? "" : token.trim();
        Access grant = access.get(key);
        if (grant != null && clock.millis() >= grant.expiresAt()) {
            access.remove(key);
            expired.put(key, grant.expiresAt());
            return null;
        }
        return grant;
    }

    /** True when a refused token was once valid and has expired (rather than being unknown). */
    boolean hasExpired(String token) {
        return token != null && expired.containsKey(token.trim());
    }

    /** Ends every access token now (they answer "expired"); refresh tokens stay valid. */
    void expireAllAccessTokens() {
        access.keySet().forEach(k -> expired.put(k, clock.millis()));
        access.clear();
    }

    String issueCode(AmazonSeller seller, String redirectUri) {
        String code = randomText(20);
        codes.put(code, new Code(seller, redirectUri, clock.millis() + codeLifetime.toMillis()));
        return code;
    }

    /** Takes a code (single use); null when unknown, used or expired. */
    Code redeemCode(String code) {
        Code grant = code == null ? null : codes.remove(code.trim());
        return grant == null || clock.millis() >= grant.expiresAt() ? null : grant;
    }

    private String randomText(int length) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(chars.charAt(random.nextInt(chars.length())));
        }
        return sb.toString();
    }

    private static Duration positive(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        return value;
    }
}
