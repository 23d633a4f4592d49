package dev.esm.sandbox.ebay;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything eBay's OAuth server issues: single-use authorization codes, refresh tokens (per app and seller, with the
 * scopes the seller agreed to) and access tokens. Tokens are opaque strings shaped like eBay's ({@code v^1.1#i^1#...}).
 */
final class EbayOAuth {

    /** Who a live access token speaks for: a seller (user token) or nobody (application token). */
    record Access(EbayApp app, EbaySeller seller, Set<String> scopes) {
    }

    /** What an exchange or refresh returns. {@code refreshToken} is null for refreshes. */
    record Issued(String accessToken, long expiresIn, String refreshToken, long refreshExpiresIn) {
    }

    private record Code(EbayApp app, String ruName, EbaySeller seller, Set<String> scopes, long expiresAt) {
    }

    private record Grant(EbayApp app, EbaySeller seller, Set<String> scopes, long expiresAt) {
    }

    private record Token(Access access, long expiresAt) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile Duration accessLifetime = Duration.ofSeconds(7200);
    private volatile Duration refreshLifetime = Duration.ofSeconds(47_304_000);
    private volatile Duration codeLifetime = Duration.ofSeconds(299);

    EbayOAuth(Clock clock) {
        this.clock = clock;
    }

    Duration accessLifetime() {
        return accessLifetime;
    }

    void accessLifetime(Duration value) {
        accessLifetime = positive(value);
    }

    void refreshLifetime(Duration value) {
        refreshLifetime = positive(value);
    }

    Duration codeLifetime() {
        return codeLifetime;
    }

    void codeLifetime(Duration value) {
        codeLifetime = positive(value);
    }

    /** The consent page's outcome: a code for the app to exchange within the code lifetime. */
    String issueCode(EbayApp app, String ruName, EbaySeller seller, Set<String> scopes) {
        String code = opaque("v^1.1#i^1#I^3#r^1#f^0#p^3#t^Ul41XzA6");
        codes.put(code, new Code(app, ruName, seller, Set.copyOf(scopes), clock.millis() + codeLifetime.toMillis()));
        return code;
    }

    /** authorization_code grant; null when the code is unknown, used, expired, another app's or another RuName's. */
    Issued exchange(EbayApp app, String code, String ruName) {
        Code c = code == null ? null : codes.remove(code);
        if (c == null || c.app() != app || !c.ruName().equals(ruName) || clock.millis() >= c.expiresAt()) {
            return null;
        }
        String refresh = grant(app, c.seller(), c.scopes());
        return new Issued(access(new Access(app, c.seller(), c.scopes())), accessLifetime.toSeconds(), refresh,
                refreshLifetime.toSeconds());
    }

    /** A refresh token as if the seller had agreed on the consent page (the tests' shortcut). */
    String grant(EbayApp app, EbaySeller seller, Set<String> scopes) {
        String token = opaque("v^1.1#i^1#p^3#I^3#r^1#f^0#t^Ul4xMF8");
        grants.put(token, new Grant(app, seller, Set.copyOf(scopes), clock.millis() + refreshLifetime.toMillis()));
        return token;
    }

    /**
     * refresh_token grant. Returns null when the refresh token is unknown, revoked, expired or another app's; throws
     * {@link IllegalArgumentException} when the scopes asked for exceed those granted.
     */
    Issued refresh(EbayApp app, String refreshToken, Set<String> scopes) {
        Grant g = refreshToken == null ? null : grants.get(refreshToken);
        if (g == null || g.app() != app || clock.millis() >= g.expiresAt()) {
            return null;
        }
        if (!g.scopes().containsAll(scopes)) {
            throw new IllegalArgumentException("scope exceeds the grant");
        }
        Set<String> granted = scopes.isEmpty() ? g.scopes() : scopes;
        return new Issued(access(new Access(app, g.seller(), granted)), accessLifetime.toSeconds(), null, 0);
    }

    /** client_credentials grant: an application token (no seller). */
    Issued application(EbayApp app, Set<String> scopes) {
        return new Issued(access(new Access(app, null, Set.copyOf(scopes))), accessLifetime.toSeconds(), null, 0);
    }

    /** The live access token's holder, or null when unknown or expired. */
    Access validate(String token) {
        Token t = token == null ? null : tokens.get(token);
        if (t == null) {
            return null;
        }
        if (clock.millis() >= t.expiresAt()) {
            tokens.remove(token);
            return null;
        }
        return t.access();
    }

    void expireAccessTokens() {
        tokens.clear();
    }

    void revokeGrants(EbaySeller seller) {
        grants.values().removeIf(g -> g.seller() == seller);
        tokens.values().removeIf(t -> t.access().seller() == seller);
    }

    private String access(Access access) {
        long now = clock.millis();
        if (tokens.size() > 10_000) {
            tokens.values().removeIf(t -> t.expiresAt() <= now);
        }
        String token = opaque("v^1.1#i^1#f^0#p^3#I^3#r^0#t^H4sIAAAAAAAA");
        tokens.put(token, new Token(access, now + accessLifetime.toMillis()));
        return token;
    }

    private String opaque(String prefix) {
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        return prefix + Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Duration positive(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        return value;
    }
}
