package dev.esm.marketplace.ebay;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param baseUrl        the Sell API host; production by default, the sandbox simulator in demo and tests
 * @param tokenUrl       the OAuth token endpoint; by default {@code baseUrl + /identity/v1/oauth2/token}
 * @param clientId       ESM's eBay application keys (App ID and Cert ID); empty until configured
 * @param clientSecret   see clientId; never shown by {@link #toString()}
 * @param scopes         the OAuth scopes asked for when refreshing a store's access token (its consent must cover
 *                       them)
 * @param pageSize       orders per page (the notes say at most 200)
 * @param firstSync      how far back a store's first sync reaches; getOrders' filters reach 90 days back at most, so
 *                       this is capped just under that and every window starts within it
 * @param overlap        each incremental window starts this much before the last one ended, so late writes are seen
 * @param requestTimeout how long one HTTP call may take
 * @param window         the longest stretch of last-modified time one query covers
 * @param rateLimitWait  the wait reported for a 429 without Retry-After (eBay sends none and its quotas are daily, so
 *                       by default longer than the sync engine waits in one run: the sync stops and tries again later)
 */
@ConfigurationProperties("esm.connectors.ebay")
public record EbayProperties(String baseUrl, String tokenUrl, String clientId, String clientSecret, List<String> scopes,
                             Integer pageSize, Duration firstSync, Duration overlap, Duration requestTimeout,
                             Duration window, Duration rateLimitWait) {

    public static final String FULFILLMENT_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.fulfillment";
    /**
     * The Commerce Identity API's scope: asked for on the consent page only (not when refreshing), so the connection
     * can learn which seller agreed; stores connected before it keep refreshing with {@link #scopes} alone.
     */
    public static final String IDENTITY_SCOPE = "https://api.ebay.com/oauth/api_scope/commerce.identity.readonly";
    /** The Inventory API's scope: asked for on the consent page, and when refreshing a token for the listing sync. */
    public static final String INVENTORY_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.inventory";
    /** getOrders answers 400 for filters starting more than 90 days ago; the hour leaves room for clock skew. */
    static final Duration MAX_REACH = Duration.ofDays(90).minusHours(1);

    public EbayProperties {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "https://api.ebay.com" : baseUrl.strip().replaceAll("/+$", "");
        tokenUrl = tokenUrl == null || tokenUrl.isBlank() ? baseUrl + "/identity/v1/oauth2/token" : tokenUrl.strip();
        clientId = clientId == null ? "" : clientId.strip();
        clientSecret = clientSecret == null ? "" : clientSecret.strip();
        scopes = scopes == null || scopes.isEmpty() ? List.of(FULFILLMENT_SCOPE) : List.copyOf(scopes);
        pageSize = pageSize == null ? 200 : Math.min(200, Math.max(1, pageSize));
        firstSync = firstSync == null ? Duration.ofDays(89) : capped(firstSync);
        overlap = overlap == null ? Duration.ofMinutes(5) : overlap;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        window = window == null ? Duration.ofDays(7) : capped(window);
        rateLimitWait = rateLimitWait == null ? Duration.ofMinutes(15) : rateLimitWait;
    }

    private static Duration capped(Duration value) {
        return value.compareTo(MAX_REACH) > 0 ? MAX_REACH : value;
    }

    /**
     * The Commerce Identity API's getUser: on {@code apiz.} beside an {@code api.} host (as eBay serves it), else on
     * the base URL's host (the sandbox simulator).
     */
    String identityUrl() {
        return baseUrl.replaceFirst("^(https?://)api\\.", "$1apiz.") + "/commerce/identity/v1/user/";
    }

    /** Whether ESM's application keys are set. */
    boolean hasAppKeys() {
        return !clientId.isEmpty() && !clientSecret.isEmpty();
    }

    @Override
    public String toString() {
        return "EbayProperties[baseUrl=" + baseUrl + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret.isEmpty() ? "" : "(hidden)") + ", scopes=" + scopes
                + ", pageSize=" + pageSize + ", firstSync=" + firstSync + ", overlap=" + overlap + ", requestTimeout="
                + requestTimeout + ", window=" + window + ", rateLimitWait=" + rateLimitWait + "]";
    }
}
