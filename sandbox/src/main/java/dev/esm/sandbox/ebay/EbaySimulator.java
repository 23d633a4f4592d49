package dev.esm.sandbox.ebay;

import dev.esm.sandbox.DailyQuota;
import dev.esm.sandbox.Json;
import dev.esm.sandbox.Route;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import dev.esm.sandbox.SandboxServer;
import dev.esm.sandbox.Simulator;
import dev.esm.sandbox.Seeds;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * eBay's Sell APIs at the wire level, on loopback: the OAuth token endpoint
 * ({@code POST /identity/v1/oauth2/token}), the consent page ({@code /oauth2/authorize}), and the Fulfillment API's
 * {@code GET /sell/fulfillment/v1/order} (getOrders), {@code GET /sell/fulfillment/v1/order/{orderId}} and
 * {@code POST /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment} (createShippingFulfillment, which marks the
 * lines FULFILLED and is counted per order, see {@link EbaySeller#shippingFulfillmentCount(String)}) with its two
 * readers, with
 * eBay's error envelope, daily call quotas and limit/offset paging. One base URL serves what eBay splits over
 * {@code api.ebay.com} and {@code auth.ebay.com}.
 *
 * <pre>{@code
 * try (var ebay = new EbaySimulator(clock, 42).start(0)) {
 *     EbayApp app = ebay.registerApp("app-id", "cert-id").addRuName("ESM-RuName", "http://localhost/accepted");
 *     EbaySeller seller = ebay.registerSeller("vintage_finds").generateOrders(500);
 *     String refreshToken = ebay.issueRefreshToken(app, seller);
 *     ...
 * }
 * }</pre>
 */
public final class EbaySimulator extends Simulator<EbaySimulator> {

    public static final String OP_TOKEN = "token";
    public static final String OP_AUTHORIZE = "authorize";
    public static final String OP_CONSENT = "consent";
    public static final String OP_GET_ORDERS = "getOrders";
    public static final String OP_GET_ORDER = "getOrder";
    public static final String OP_ACCEPTED = "accepted";
    public static final String OP_CREATE_FULFILLMENT = "createShippingFulfillment";
    public static final String OP_GET_FULFILLMENTS = "getShippingFulfillments";
    public static final String OP_GET_FULFILLMENT = "getShippingFulfillment";
    public static final String OP_GET_USER = "getUser";
    public static final String OP_GET_INVENTORY_ITEMS = "getInventoryItems";
    public static final String OP_GET_OFFERS = "getOffers";
    public static final String SCOPE_INVENTORY = "https://api.ebay.com/oauth/api_scope/sell.inventory";
    public static final String SCOPE_INVENTORY_READONLY = "https://api.ebay.com/oauth/api_scope/sell.inventory.readonly";
    /** Inventory API default daily quota: 2,000,000 calls (commonly cited; UNCONFIRMED). */
    public static final long DEFAULT_INVENTORY_QUOTA = 2_000_000;
    public static final String OP_GET_PUBLIC_KEY = "getPublicKey";
    /** Commerce Identity API's getUser: the seller a user token speaks for (on {@code apiz.ebay.com} in production). */
    public static final String IDENTITY_PATH = "/commerce/identity/v1/user/";

    /** A landing page showing the code the consent page sent, for RuNames no real app listens on (the launcher's). */
    public static final String ACCEPTED_PAGE = "/sandbox/accepted";
    /** The RuName the standalone launcher registers. */
    public static final String SANDBOX_RU_NAME = "ESM_Sandbox-ESMSandb-ESM-SBX-sandbox";

    public static final String SCOPE_API = "https://api.ebay.com/oauth/api_scope";
    public static final String SCOPE_FULFILLMENT = SCOPE_API + "/sell.fulfillment";
    public static final String SCOPE_FULFILLMENT_READONLY = SCOPE_API + "/sell.fulfillment.readonly";
    public static final String SCOPE_IDENTITY = SCOPE_API + "/commerce.identity.readonly";
    public static final Set<String> KNOWN_SCOPES = Set.of(SCOPE_API, SCOPE_FULFILLMENT, SCOPE_FULFILLMENT_READONLY,
            SCOPE_IDENTITY,
            SCOPE_API + "/sell.inventory", SCOPE_API + "/sell.inventory.readonly", SCOPE_API + "/sell.account",
            SCOPE_API + "/sell.account.readonly", SCOPE_API + "/sell.finances",
            SCOPE_API + "/commerce.notification.subscription");
    /** What {@link #issueRefreshToken(EbayApp, EbaySeller)} grants: every sell scope the simulator knows. */
    public static final Set<String> SELLER_SCOPES = Set.of(SCOPE_API, SCOPE_FULFILLMENT, SCOPE_FULFILLMENT_READONLY,
            SCOPE_IDENTITY,
            SCOPE_API + "/sell.inventory", SCOPE_API + "/sell.account", SCOPE_API + "/sell.finances");

    /** Default daily quotas per app (Fulfillment API default UNCONFIRMED; OAuth grants as documented). */
    public static final long DEFAULT_ORDERS_QUOTA = 100_000;
    public static final long DEFAULT_REFRESH_QUOTA = 50_000;
    public static final long DEFAULT_CODE_QUOTA = 10_000;
    public static final long DEFAULT_APP_TOKEN_QUOTA = 1_000;
    /** The Notification API's default daily quota (marketplaces.md §3.5). */
    public static final long DEFAULT_NOTIFICATION_QUOTA = 10_000;
    public static final int DEFAULT_MAX_LIMIT = 200;
    public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(90);

    private final long seed;
    private final DailyQuota quota;
    private final EbayOAuth oauth;
    private final EbayErrors errors = new EbayErrors(this);
    private final EbayNotifications notifications;
    private final Map<String, EbayApp> apps = new ConcurrentHashMap<>();
    private final Map<String, EbaySeller> sellersByName = new ConcurrentHashMap<>();
    private final List<EbaySeller> sellers = new ArrayList<>();
    private volatile Long retryAfterSeconds;
    private volatile int maxLimit = DEFAULT_MAX_LIMIT;
    private volatile Duration lookback = DEFAULT_LOOKBACK;
    private volatile boolean requireEncodedFilter = true;

    /** System clock, seed 42. */
    public EbaySimulator() {
        this(Clock.systemUTC(), 42);
    }

    public EbaySimulator(Clock clock, long seed) {
        super(clock);
        this.seed = seed;
        this.quota = new DailyQuota(clock, EbayOrderFactory.PACIFIC);
        this.oauth = new EbayOAuth(clock);
        quota.setLimit(OP_GET_ORDERS, DEFAULT_ORDERS_QUOTA).setLimit(OP_GET_ORDER, DEFAULT_ORDERS_QUOTA)
                .setLimit(OP_CREATE_FULFILLMENT, DEFAULT_ORDERS_QUOTA).setLimit(OP_GET_FULFILLMENTS, DEFAULT_ORDERS_QUOTA)
                .setLimit(OP_GET_FULFILLMENT, DEFAULT_ORDERS_QUOTA).setLimit(OP_GET_USER, DEFAULT_ORDERS_QUOTA)
                .setLimit(OP_GET_INVENTORY_ITEMS, DEFAULT_INVENTORY_QUOTA).setLimit(OP_GET_OFFERS, DEFAULT_INVENTORY_QUOTA)
                .setLimit(OP_GET_PUBLIC_KEY, DEFAULT_NOTIFICATION_QUOTA)
                .setLimit(OP_TOKEN + ":refresh_token", DEFAULT_REFRESH_QUOTA)
                .setLimit(OP_TOKEN + ":authorization_code", DEFAULT_CODE_QUOTA)
                .setLimit(OP_TOKEN + ":client_credentials", DEFAULT_APP_TOKEN_QUOTA);
        EbayTokenApi tokenApi = new EbayTokenApi(this, oauth);
        EbayConsentPage consent = new EbayConsentPage(this, oauth);
        EbayOrdersApi orders = new EbayOrdersApi(this);
        this.notifications = new EbayNotifications(clock);
        serve(new SandboxServer("ebay", errors, this::admit, faults, counters)
                .route("POST", "/identity/v1/oauth2/token", OP_TOKEN, Route.Kind.AUTH, tokenApi::token)
                .route("GET", "/oauth2/authorize", OP_AUTHORIZE, Route.Kind.AUTH, consent::show)
                .route("POST", "/oauth2/authorize", OP_CONSENT, Route.Kind.AUTH, consent::decide)
                .route("GET", ACCEPTED_PAGE, OP_ACCEPTED, Route.Kind.AUTH, consent::accepted)
                .route("GET", EbayOrdersApi.PATH, OP_GET_ORDERS, Route.Kind.DATA, orders::list)
                .route("GET", EbayOrdersApi.PATH + "/{orderId}", OP_GET_ORDER, Route.Kind.DATA, orders::get)
                .route("POST", EbayOrdersApi.PATH + "/{orderId}/shipping_fulfillment", OP_CREATE_FULFILLMENT,
                        Route.Kind.DATA, orders::createShippingFulfillment)
                .route("GET", EbayOrdersApi.PATH + "/{orderId}/shipping_fulfillment", OP_GET_FULFILLMENTS,
                        Route.Kind.DATA, orders::shippingFulfillments)
                .route("GET", EbayOrdersApi.PATH + "/{orderId}/shipping_fulfillment/{fulfillmentId}",
                        OP_GET_FULFILLMENT, Route.Kind.DATA, orders::shippingFulfillment)
                .route("GET", IDENTITY_PATH, OP_GET_USER, Route.Kind.DATA, EbaySimulator::user)
                .route("GET", EbayInventoryApi.ITEMS_PATH, OP_GET_INVENTORY_ITEMS, Route.Kind.DATA,
                        EbayInventoryApi::items)
                .route("GET", EbayInventoryApi.OFFERS_PATH, OP_GET_OFFERS, Route.Kind.DATA, EbayInventoryApi::offers)
                .route("GET", EbayNotifications.PUBLIC_KEY_PATH + "{publicKeyId}", OP_GET_PUBLIC_KEY,
                        Route.Kind.DATA, notifications::publicKey));
    }

    // ---- endpoints (start, host, baseUrl, port, close and requestLog come from Simulator) ----

    /** {@code baseUrl() + /identity/v1/oauth2/token}. */
    public String tokenUrl() {
        return baseUrl() + "/identity/v1/oauth2/token";
    }

    /**
     * Marketplace Account Deletion: the signing keys the public-key endpoint serves (register one generated in a
     * test) and the sender of signed notifications.
     */
    public EbayNotifications notifications() {
        return notifications;
    }

    // ---- apps, sellers and grants ----

    /** Registers a developer keyset (App ID and Cert ID). */
    public EbayApp registerApp(String clientId, String clientSecret) {
        EbayApp app = new EbayApp(clientId, clientSecret);
        if (apps.putIfAbsent(clientId, app) != null) {
            throw new IllegalArgumentException("client id already registered: " + clientId);
        }
        return app;
    }

    /** Registers a keyset with deterministic sandbox values shaped like eBay's App ID and Cert ID. */
    public synchronized EbayApp registerApp() {
        SplittableRandom r = Seeds.rng(Seeds.mix(seed, "ebay-app"), apps.size() + 1);
        return registerApp("ESMSandb-Esm-SBX-" + Seeds.hex(r, 9).toLowerCase() + "-" + Seeds.hex(r, 8).toLowerCase(),
                "SBX-" + Seeds.hex(r, 12).toLowerCase() + "-" + Seeds.hex(r, 4).toLowerCase() + "-"
                        + Seeds.hex(r, 4).toLowerCase() + "-" + Seeds.hex(r, 4).toLowerCase());
    }

    public Optional<EbayApp> app(String clientId) {
        return Optional.ofNullable(clientId == null ? null : apps.get(clientId));
    }

    /** Registers a seller (an eBay user id); its orders are seeded from the simulator seed and the username. */
    public synchronized EbaySeller registerSeller(String username) {
        if (sellersByName.containsKey(username)) {
            throw new IllegalArgumentException("seller already registered: " + username);
        }
        EbaySeller seller = new EbaySeller(username, sellers.size() + 1, seed, clock);
        sellers.add(seller);
        sellersByName.put(username, seller);
        return seller;
    }

    /** Registers a seller named {@code sandbox_seller_<n>}. */
    public synchronized EbaySeller registerSeller() {
        return registerSeller("sandbox_seller_" + (sellers.size() + 1));
    }

    public Optional<EbaySeller> seller(String username) {
        return Optional.ofNullable(username == null ? null : sellersByName.get(username));
    }

    public synchronized List<EbaySeller> sellers() {
        return List.copyOf(sellers);
    }

    /** A refresh token as the consent page and code exchange would give it, with {@link #SELLER_SCOPES}. */
    public String issueRefreshToken(EbayApp app, EbaySeller seller) {
        return issueRefreshToken(app, seller, SELLER_SCOPES);
    }

    public String issueRefreshToken(EbayApp app, EbaySeller seller, Set<String> scopes) {
        return oauth.grant(app, seller, scopes);
    }

    /** The consent URL a client sends the browser to (as {@code auth.ebay.com/oauth2/authorize} would be). */
    public String consentUrl(EbayApp app, String ruName, Set<String> scopes, String state) {
        return baseUrl() + "/oauth2/authorize?client_id=" + encode(app.clientId()) + "&redirect_uri="
                + encode(ruName) + "&response_type=code&scope=" + encode(String.join(" ", scopes))
                + (state == null ? "" : "&state=" + encode(state));
    }

    /** Invalidates every access token (data calls answer 401 until the client refreshes). */
    public EbaySimulator expireAllTokens() {
        oauth.expireAccessTokens();
        return this;
    }

    /** Revokes a seller's refresh and access tokens (refreshes answer invalid_grant), as when consent is withdrawn. */
    public EbaySimulator revokeTokens(EbaySeller seller) {
        oauth.revokeGrants(seller);
        return this;
    }

    /** Lifetime of new access tokens ({@code expires_in}); default 7200 s. */
    public EbaySimulator setAccessTokenLifetime(Duration lifetime) {
        oauth.accessLifetime(lifetime);
        return this;
    }

    /** Lifetime of new refresh tokens; default 47,304,000 s (18 months, UNCONFIRMED). */
    public EbaySimulator setRefreshTokenLifetime(Duration lifetime) {
        oauth.refreshLifetime(lifetime);
        return this;
    }

    /** How long a consent code may wait for its exchange; default 299 s. */
    public EbaySimulator setCodeLifetime(Duration lifetime) {
        oauth.codeLifetime(lifetime);
        return this;
    }

    // ---- knobs ----

    /** Calls per app per day (reset at midnight Pacific); operations {@code OP_*}, token grants {@code token:<grant>}. */
    public DailyQuota quota() {
        return quota;
    }

    public EbaySimulator setOrdersDailyQuota(long callsPerDay) {
        quota.setLimit(OP_GET_ORDERS, callsPerDay).setLimit(OP_GET_ORDER, callsPerDay)
                .setLimit(OP_CREATE_FULFILLMENT, callsPerDay).setLimit(OP_GET_FULFILLMENTS, callsPerDay)
                .setLimit(OP_GET_FULFILLMENT, callsPerDay);
        return this;
    }

    public EbaySimulator setQuotasEnabled(boolean enabled) {
        quota.setEnabled(enabled);
        return this;
    }

    /**
     * The {@code Retry-After} (seconds) sent with 429s; null (the default) sends none, as eBay documents no such
     * header.
     */
    public EbaySimulator setRetryAfterSeconds(Long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** The largest getOrders {@code limit}; larger ones answer 400 (default 200, as the notes say; the spec says 1000). */
    public EbaySimulator setMaxLimit(int max) {
        this.maxLimit = max;
        return this;
    }

    /** How far back getOrders filters may reach (default 90 days). */
    public EbaySimulator setLookback(Duration lookback) {
        this.lookback = lookback;
        return this;
    }

    /** Whether a filter with raw {@code [ ] { } |} in the query string is refused (default true). */
    public EbaySimulator setRequireEncodedFilter(boolean require) {
        this.requireEncodedFilter = require;
        return this;
    }

    Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    int maxLimit() {
        return maxLimit;
    }

    Duration lookback() {
        return lookback;
    }

    boolean requireEncodedFilter() {
        return requireEncodedFilter;
    }

    long now() {
        return clock.millis();
    }

    // ---- gateway ----

    /** Data calls: a live user access token with a fulfillment scope, then the app's daily quota. */
    private void admit(SandboxRequest request) {
        if (request.route().kind() == Route.Kind.AUTH) {
            return;
        }
        String header = request.header("Authorization");
        if (header == null || header.isBlank()) {
            throw EbayErrors.missingToken();
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw EbayErrors.invalidToken();
        }
        EbayOAuth.Access access = oauth.validate(header.substring(7).trim());
        if (access == null) {
            throw EbayErrors.invalidToken();
        }
        if (request.operation().equals(OP_GET_PUBLIC_KEY)) {
            // getPublicKey: an application token (client credentials, the base scope) is what eBay asks for
            if (!access.scopes().contains(SCOPE_API)) {
                throw EbayErrors.accessDenied();
            }
            request.principal(access);
            chargeQuota(access.app().clientId(), request.operation());
            return;
        }
        String operation = request.operation();
        boolean allowed = operation.equals(OP_GET_USER) ? access.scopes().contains(SCOPE_IDENTITY)
                : operation.equals(OP_GET_INVENTORY_ITEMS) || operation.equals(OP_GET_OFFERS)
                ? access.scopes().contains(SCOPE_INVENTORY) || access.scopes().contains(SCOPE_INVENTORY_READONLY)
                : access.scopes().contains(SCOPE_FULFILLMENT) || access.scopes().contains(SCOPE_FULFILLMENT_READONLY);
        if (access.seller() == null || !allowed) {
            throw EbayErrors.accessDenied();
        }
        request.principal(access);
        chargeQuota(access.app().clientId(), request.operation());
    }

    /** {@code GET /commerce/identity/v1/user/}: the token's seller, as eBay's getUser describes a user. */
    private static SandboxResponse user(SandboxRequest request) {
        EbaySeller seller = ((EbayOAuth.Access) request.principal()).seller();
        ObjectNode body = Json.object();
        body.put("userId", seller.userId());
        body.put("username", seller.username());
        body.put("accountType", "BUSINESS");
        body.put("registrationMarketplaceId", "EBAY_US");
        body.put("status", "CONFIRMED");
        return SandboxResponse.json(200, body);
    }

    /** Counts a call against the app's daily quota; a used-up quota answers 429. */
    void chargeQuota(String clientId, String operation) {
        if (!quota.tryAcquire(clientId, operation)) {
            counters.countThrottled(operation);
            throw new SandboxException(errors.tooManyRequests());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
