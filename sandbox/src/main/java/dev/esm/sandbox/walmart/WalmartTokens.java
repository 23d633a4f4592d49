package dev.esm.sandbox.walmart;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens issued by {@code POST /v3/token}: opaque strings valid for a configurable lifetime. */
final class WalmartTokens {

    private record Grant(WalmartSeller seller, long expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile Duration lifetime = Duration.ofSeconds(900);

    WalmartTokens(Clock clock) {
        this.clock = clock;
    }

    Duration lifetime() {
        return lifetime;
    }

    void lifetime(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
        lifetime = value;
    }

    String issue(WalmartSeller seller) {
        long now = clock.millis();
        if (grants.size() > 10_000) {
            grants.values().removeIf(g -> g.expiresAt() <= now);
        }
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        // Shaped like Walmart's (a JWT-looking string); opaque to clients either way.
        String token = "eyJraWQiOiJzYW5kYm94IiwiYWxnIjoibm9uZSJ9."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(token, new Grant(seller, now + lifetime.toMillis()));
        return token;
    }

    /** The seller a live token belongs to, or null when unknown or expired. */
    WalmartSeller validate(String token) {
        Grant grant = token == null ? null : grants.get(token.trim());
        if (grant == null) {
            return null;
        }
        if (clock.millis() >= grant.expiresAt()) {
            grants.remove(token.trim());
            return null;
        }
        return grant.seller();
    }

    void expireAll() {
        grants.clear();
    }
}
