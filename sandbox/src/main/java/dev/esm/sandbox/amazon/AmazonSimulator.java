package dev.esm.sandbox.amazon;

import dev.esm.sandbox.RateLimiter;
import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.Route;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxServer;
import dev.esm.sandbox.Simulator;
import dev.esm.sandbox.Seeds;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Amazon's Selling Partner API at the wire level, on loopback, with the two Amazon hosts an app talks to folded
 * into one server: Login with Amazon ({@code POST /auth/o2/token}), Seller Central's consent page
 * ({@code GET /apps/authorize/consent}) and Orders API v2026-01-01 ({@code GET /orders/2026-01-01/orders},
 * {@code GET /orders/2026-01-01/orders/{orderId}}), Orders v0 {@code confirmShipment}
 * ({@code POST /orders/v0/orders/{orderId}/shipmentConfirmation}, which moves the order to shipped and is counted per
 * order, see {@link AmazonSeller#shipmentConfirmationCount(String)}) with {@code x-amz-access-token}, {@code ErrorList} bodies,
 * {@code x-amzn-RateLimit-Limit} and 429 {@code QuotaExceeded}. Point an SP-API client's endpoint at
 * {@link #baseUrl()} and its LWA endpoint at {@link #tokenUrl()}.
 *
 * <pre>{@code
 * try (var amazon = new AmazonSimulator(clock, 42).start(0)) {
 *     AmazonSeller seller = amazon.registerSeller().generateOrders(500);
 *     AmazonApp app = amazon.app();   // LWA client id/secret, application id, redirect URI
 *     String refreshToken = seller.refreshToken();
 *     ...
 * }
 * }</pre>
 */
public final class AmazonSimulator extends Simulator<AmazonSimulator> {

    public static final String OP_TOKEN = "lwaToken";
    public static final String OP_CONSENT = "consentPage";
    public static final String OP_AUTHORIZE = "consentAuthorize";
    public static final String OP_SEARCH_ORDERS = "searchOrders";
    public static final String OP_GET_ORDER = "getOrder";
    public static final String OP_CONFIRM_SHIPMENT = "confirmShipment";
    public static final String OP_SEARCH_LISTINGS = "searchListingsItems";
    public static final String LISTINGS_PATH = AmazonListingsApi.PATH;
    /** listingsItems_2021-08-01.json's usage plan of searchListingsItems: 5 requests/s with bursts of 5. */
    public static final RateLimiter.Quota SEARCH_LISTINGS_QUOTA = new RateLimiter.Quota(5, 5);

    public static final String TOKEN_PATH = "/auth/o2/token";
    public static final String CONSENT_PATH = AmazonConsent.PATH;
    public static final String ORDERS_PATH = "/orders/2026-01-01/orders";
    public static final String CONFIRM_SHIPMENT_PATH = "/orders/v0/orders/{orderId}/shipmentConfirmation";
    public static final String US_MARKETPLACE = "ATVPDKIKX0DER";

    /** The usage plans of orders_2026-01-01.json: searchOrders 0.0056 requests/s with bursts of 20. */
    public static final RateLimiter.Quota SEARCH_ORDERS_QUOTA = new RateLimiter.Quota(0.0056, 20);
    public static final RateLimiter.Quota GET_ORDER_QUOTA = new RateLimiter.Quota(0.5, 30);
    /** ordersV0.json's usage plan of confirmShipment: 2 requests/s with bursts of 10. */
    public static final RateLimiter.Quota CONFIRM_SHIPMENT_QUOTA = new RateLimiter.Quota(2, 10);

    static final String HDR_ACCESS_TOKEN = "x-amz-access-token";
    static final String HDR_RATE_LIMIT = "x-amzn-RateLimit-Limit";
    static final String HDR_REQUEST_ID = "x-amzn-RequestId";

    private final long seed;
    private final RateLimiter rateLimiter;
    private final AmazonTokens tokens;
    private final Map<String, AmazonSeller> sellersById = new ConcurrentHashMap<>();
    private final List<AmazonSeller> sellers = new ArrayList<>();
    private volatile AmazonApp app;
    private volatile double quotaClockSpeed = 1;

    /** System clock, seed 42. */
    public AmazonSimulator() {
        this(Clock.systemUTC(), 42);
    }

    public AmazonSimulator(Clock clock, long seed) {
        super(clock);
        this.seed = seed;
        this.rateLimiter = new RateLimiter(clock);
        this.tokens = new AmazonTokens(clock);
        this.app = defaultApp(seed);
        rateLimiter.setQuota(OP_SEARCH_ORDERS, SEARCH_ORDERS_QUOTA.ratePerSecond(), SEARCH_ORDERS_QUOTA.burst());
        rateLimiter.setQuota(OP_GET_ORDER, GET_ORDER_QUOTA.ratePerSecond(), GET_ORDER_QUOTA.burst());
        rateLimiter.setQuota(OP_CONFIRM_SHIPMENT, CONFIRM_SHIPMENT_QUOTA.ratePerSecond(),
                CONFIRM_SHIPMENT_QUOTA.burst());
        rateLimiter.setQuota(OP_SEARCH_LISTINGS, SEARCH_LISTINGS_QUOTA.ratePerSecond(), SEARCH_LISTINGS_QUOTA.burst());
        AmazonLwa lwa = new AmazonLwa(this, tokens);
        AmazonConsent consent = new AmazonConsent(this, tokens);
        AmazonOrdersApi orders = new AmazonOrdersApi(this);
        serve(new SandboxServer("amazon", AmazonErrors.INSTANCE, this::admit, faults, counters)
                .route("POST", TOKEN_PATH, OP_TOKEN, Route.Kind.AUTH, lwa::token)
                .route("GET", CONSENT_PATH, OP_CONSENT, Route.Kind.AUTH, consent::page)
                .route("POST", CONSENT_PATH, OP_AUTHORIZE, Route.Kind.AUTH, consent::authorize)
                .route("GET", ORDERS_PATH, OP_SEARCH_ORDERS, Route.Kind.DATA, orders::search)
                .route("GET", ORDERS_PATH + "/{orderId}", OP_GET_ORDER, Route.Kind.DATA, orders::get)
                .route("POST", CONFIRM_SHIPMENT_PATH, OP_CONFIRM_SHIPMENT, Route.Kind.DATA, orders::confirmShipment)
                .route("GET", LISTINGS_PATH, OP_SEARCH_LISTINGS, Route.Kind.DATA,
                        r -> AmazonListingsApi.search(r, US_MARKETPLACE)));
    }

    // ---- endpoints (start, host, baseUrl, port, close and requestLog come from Simulator) ----

    /** The LWA token endpoint: {@code baseUrl() + /auth/o2/token}. */
    public String tokenUrl() {
        return baseUrl() + TOKEN_PATH;
    }

    /** Where an app sends a seller to authorize it (Seller Central's consent page), with the app's id and a state. */
    public String consentUrl(String state) {
        return baseUrl() + CONSENT_PATH + "?application_id=" + URLEncoder.encode(app.applicationId(),
                StandardCharsets.UTF_8) + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)
                + "&version=beta";
    }

    // ---- the app and its sellers ----

    /** The app the simulator knows; its credentials are derived from the seed. */
    public AmazonApp app() {
        return app;
    }

    public AmazonSimulator setApp(AmazonApp newApp) {
        this.app = newApp;
        return this;
    }

    /** Keeps the app's ids and secret, changes its registered OAuth redirect URI. */
    public AmazonSimulator setRedirectUri(String redirectUri) {
        AmazonApp current = app;
        this.app = new AmazonApp(current.applicationId(), current.clientId(), current.clientSecret(), redirectUri);
        return this;
    }

    /** Registers a seller with a deterministic selling partner id ({@code A} + 13 letters/digits). */
    public synchronized AmazonSeller registerSeller() {
        SplittableRandom r = Seeds.rng(Seeds.mix(seed, "amazon-seller-id"), sellers.size() + 1);
        return registerSeller("A" + Seeds.alnum(r, 13).toUpperCase());
    }

    public synchronized AmazonSeller registerSeller(String sellingPartnerId) {
        if (sellersById.containsKey(sellingPartnerId)) {
            throw new IllegalArgumentException("selling partner already registered: " + sellingPartnerId);
        }
        int number = sellers.size() + 1;
        AmazonSeller seller = new AmazonSeller(sellingPartnerId, AmazonTokens.initialRefreshToken(seed, number),
                number, seed, US_MARKETPLACE, clock);
        tokens.registerRefreshToken(seller.refreshToken(), seller);
        sellers.add(seller);
        sellersById.put(sellingPartnerId, seller);
        return seller;
    }

    public Optional<AmazonSeller> seller(String sellingPartnerId) {
        return sellingPartnerId == null ? Optional.empty() : Optional.ofNullable(sellersById.get(sellingPartnerId));
    }

    public synchronized List<AmazonSeller> sellers() {
        return List.copyOf(sellers);
    }

    /** The seller withdraws the app's authorization: its refresh tokens answer invalid_grant, its access tokens 403. */
    public AmazonSimulator revokeAuthorization(AmazonSeller seller) {
        tokens.revokeRefreshTokens(seller);
        return this;
    }

    // ---- knobs ----

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Lifetime of new access tokens ({@code expires_in}); default 3600 s. */
    public AmazonSimulator setTokenLifetime(Duration lifetime) {
        tokens.lifetime(lifetime);
        return this;
    }

    public Duration tokenLifetime() {
        return tokens.lifetime();
    }

    /** Lifetime of {@code spapi_oauth_code} values; default 5 minutes. */
    public AmazonSimulator setAuthorizationCodeLifetime(Duration lifetime) {
        tokens.codeLifetime(lifetime);
        return this;
    }

    /** Expires every access token issued so far (SP-API answers 403 until a new one is fetched). */
    public AmazonSimulator expireAllTokens() {
        tokens.expireAllAccessTokens();
        return this;
    }

    /** Quota of searchOrders (default 0.0056/s, burst 20, the spec's usage plan). */
    public AmazonSimulator setSearchOrdersQuota(double ratePerSecond, int burst) {
        rateLimiter.setQuota(OP_SEARCH_ORDERS, ratePerSecond, burst);
        return this;
    }

    /** Quota of any operation ({@code OP_*} constants). */
    public AmazonSimulator setQuota(String operation, double ratePerSecond, int burst) {
        rateLimiter.setQuota(operation, ratePerSecond, burst);
        return this;
    }

    /**
     * Runs the rate limiter on a clock {@code speed} times faster than the simulator's (1: the simulator's own), so
     * that a quota as documented (searchOrders: 0.0056 calls/s, burst 20) is exercised in minutes instead of hours:
     * each bucket refills {@code speed} times faster in real time. {@code x-amzn-RateLimit-Limit} states the rate a
     * client with a real clock observes (documented rate x speed), as Amazon states the rate its own limiter applies;
     * every bucket starts full again.
     */
    public AmazonSimulator setQuotaClockSpeed(double speed) {
        rateLimiter.setClock(speed == 1 ? clock : SandboxClock.scaled(clock, speed));
        quotaClockSpeed = speed;
        return this;
    }

    public double quotaClockSpeed() {
        return quotaClockSpeed;
    }

    /** Switches every quota off or on (the rate header keeps reporting the configured rate). */
    public AmazonSimulator setQuotasEnabled(boolean enabled) {
        rateLimiter.setEnabled(enabled);
        return this;
    }

    // ---- gateway ----

    /** Every answer gets x-amzn-RequestId; data calls need a live seller access token and a rate-limit token. */
    private void admit(SandboxRequest request) {
        request.responseHeader(HDR_REQUEST_ID, UUID.randomUUID().toString());
        if (request.route().kind() == Route.Kind.AUTH) {
            return;
        }
        String token = request.header(HDR_ACCESS_TOKEN);
        if (token == null || token.isBlank()) {
            throw AmazonErrors.unauthorized("The request has no x-amz-access-token header.");
        }
        AmazonTokens.Access grant = tokens.validate(token);
        if (grant == null) {
            throw AmazonErrors.unauthorized(tokens.hasExpired(token) ? "The access token you provided has expired."
                    : "The access token you provided is revoked, malformed or invalid.");
        }
        if (grant.seller() == null) {
            throw AmazonErrors.unauthorized("A grantless access token cannot call this operation.");
        }
        request.principal(grant.seller());
        String operation = request.operation();
        RateLimiter.Decision decision = rateLimiter.tryAcquire(grant.seller().sellingPartnerId(), operation);
        if (decision.limited()) {
            request.responseHeader(HDR_RATE_LIMIT, rateText(operation));
        }
        if (!decision.allowed()) {
            counters.countThrottled(operation);
            throw new SandboxException(AmazonErrors.INSTANCE.throttled(request));
        }
    }

    private String rateText(String operation) {
        RateLimiter.Quota quota = rateLimiter.quota(operation);
        return quota == null ? "" : BigDecimal.valueOf(quota.ratePerSecond() * quotaClockSpeed).stripTrailingZeros()
                .toPlainString();
    }

    long now() {
        return clock.millis();
    }

    private static AmazonApp defaultApp(long seed) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, "amazon-app"));
        return new AmazonApp("amzn1.sp.solution." + Seeds.uuid(r),
                "amzn1.application-oa2-client." + Seeds.hex(r, 32).toLowerCase(),
                "amzn1.oa2-cs.v1." + Seeds.hex(r, 64).toLowerCase(),
                "http://127.0.0.1:8080/stores/amazon/authorized");
    }
}
