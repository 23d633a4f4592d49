package dev.esm.sandbox.walmart;

import dev.esm.sandbox.Json;
import dev.esm.sandbox.RateLimiter;
import dev.esm.sandbox.Route;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import dev.esm.sandbox.SandboxServer;
import dev.esm.sandbox.Simulator;
import dev.esm.sandbox.Seeds;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Walmart Marketplace US at the wire level, on loopback: {@code POST /v3/token}, {@code GET /v3/orders} (and
 * {@code /released}), {@code GET /v3/orders/{id}}, {@code POST /v3/orders/{id}/acknowledge} and
 * {@code POST /v3/orders/{id}/shipping}, {@code GET /v3/items} and {@code GET /v3/inventories} (the seller's
 * {@link WalmartSeller#listings()}), with Walmart's headers, GatewayError bodies, rate-limit headers and
 * nextCursor paging. Point a client's base URL at {@link #baseUrl()}.
 *
 * <pre>{@code
 * try (var walmart = new WalmartSimulator(clock, 42).start(0)) {
 *     var seller = walmart.registerSeller("client-id", "client-secret").generateOrders(500);
 *     ...
 * }
 * }</pre>
 */
public final class WalmartSimulator extends Simulator<WalmartSimulator> {

    public static final String OP_TOKEN = "tokenAPI";
    public static final String OP_LIST_ORDERS = "getAllOrders";
    public static final String OP_LIST_RELEASED = "getAllReleasedOrders";
    public static final String OP_GET_ORDER = "getAnOrder";
    public static final String OP_ACKNOWLEDGE = "acknowledgeOrders";
    public static final String OP_SHIP = "shippingUpdates";
    public static final String OP_LIST_ITEMS = "getAllItems";
    public static final String OP_LIST_INVENTORIES = "getMultiNodeInventoryForAllSkuAndAllShipNodes";
    /** "All items 300/min" (UNCONFIRMED, third-party summaries): 5 per second with bursts of 10. */
    public static final RateLimiter.Quota DEFAULT_ITEMS_QUOTA = new RateLimiter.Quota(5, 10);

    /** Default quotas: GET orders 10/s with bursts of 20; acknowledge and shipping 1/s with bursts of 60. */
    public static final RateLimiter.Quota DEFAULT_READ_QUOTA = new RateLimiter.Quota(10, 20);
    public static final RateLimiter.Quota DEFAULT_WRITE_QUOTA = new RateLimiter.Quota(1, 60);
    public static final int DEFAULT_MAX_ORDERS_PER_QUERY = 10_000;

    static final String HDR_TOKEN = "WM_SEC.ACCESS_TOKEN";
    static final String HDR_CORRELATION = "WM_QOS.CORRELATION_ID";
    static final String HDR_SVC_NAME = "WM_SVC.NAME";
    static final String HDR_TOKEN_COUNT = "x-current-token-count";
    static final String HDR_REPLENISH = "x-next-replenish-time";

    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final long seed;
    private final RateLimiter rateLimiter;
    private final WalmartTokens tokens;
    private final Map<String, WalmartSeller> sellersByClientId = new ConcurrentHashMap<>();
    private final List<WalmartSeller> sellers = new ArrayList<>();
    private volatile boolean strictCorrelationId = true;
    private volatile boolean notFoundWhenEmpty = true;
    private volatile int maxOrdersPerQuery = DEFAULT_MAX_ORDERS_PER_QUERY;

    /** System clock, seed 42. */
    public WalmartSimulator() {
        this(Clock.systemUTC(), 42);
    }

    public WalmartSimulator(Clock clock, long seed) {
        super(clock);
        this.seed = seed;
        this.rateLimiter = new RateLimiter(clock);
        this.tokens = new WalmartTokens(clock);
        for (String op : List.of(OP_LIST_ORDERS, OP_LIST_RELEASED, OP_GET_ORDER)) {
            rateLimiter.setQuota(op, DEFAULT_READ_QUOTA.ratePerSecond(), DEFAULT_READ_QUOTA.burst());
        }
        for (String op : List.of(OP_ACKNOWLEDGE, OP_SHIP)) {
            rateLimiter.setQuota(op, DEFAULT_WRITE_QUOTA.ratePerSecond(), DEFAULT_WRITE_QUOTA.burst());
        }
        for (String op : List.of(OP_LIST_ITEMS, OP_LIST_INVENTORIES)) {
            rateLimiter.setQuota(op, DEFAULT_ITEMS_QUOTA.ratePerSecond(), DEFAULT_ITEMS_QUOTA.burst());
        }
        WalmartOrdersApi orders = new WalmartOrdersApi(this);
        serve(new SandboxServer("walmart", WalmartErrors.INSTANCE, this::admit, faults, counters)
                .route("POST", "/v3/token", OP_TOKEN, Route.Kind.AUTH, this::token)
                .route("GET", "/v3/orders", OP_LIST_ORDERS, Route.Kind.DATA, r -> orders.list(r, false))
                .route("GET", "/v3/orders/released", OP_LIST_RELEASED, Route.Kind.DATA, r -> orders.list(r, true))
                .route("GET", "/v3/orders/{purchaseOrderId}", OP_GET_ORDER, Route.Kind.DATA, orders::get)
                .route("POST", "/v3/orders/{purchaseOrderId}/acknowledge", OP_ACKNOWLEDGE, Route.Kind.DATA,
                        orders::acknowledge)
                .route("POST", "/v3/orders/{purchaseOrderId}/shipping", OP_SHIP, Route.Kind.DATA, orders::ship)
                .route("GET", "/v3/items", OP_LIST_ITEMS, Route.Kind.DATA, WalmartItemsApi::items)
                .route("GET", "/v3/inventories", OP_LIST_INVENTORIES, Route.Kind.DATA, WalmartItemsApi::inventories));
    }

    // ---- sellers ----

    /** Registers sandbox credentials; orders are seeded from the simulator seed and the client id. */
    public synchronized WalmartSeller registerSeller(String clientId, String clientSecret) {
        if (sellersByClientId.containsKey(clientId)) {
            throw new IllegalArgumentException("client id already registered: " + clientId);
        }
        WalmartSeller seller = new WalmartSeller(clientId, clientSecret, sellers.size() + 1, seed, clock);
        sellers.add(seller);
        sellersByClientId.put(clientId, seller);
        return seller;
    }

    /** Registers a seller with deterministic sandbox credentials (a UUID client id and a random-looking secret). */
    public synchronized WalmartSeller registerSeller() {
        SplittableRandom r = Seeds.rng(Seeds.mix(seed, "walmart-credentials"), sellers.size() + 1);
        String clientId = Seeds.uuid(r).toString();
        String secret = Seeds.alnum(r, 86);
        return registerSeller(clientId, secret);
    }

    public Optional<WalmartSeller> seller(String clientId) {
        return Optional.ofNullable(sellersByClientId.get(clientId));
    }

    public synchronized List<WalmartSeller> sellers() {
        return List.copyOf(sellers);
    }

    // ---- knobs ----

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Lifetime of new access tokens ({@code expires_in}); default 900 s. */
    public WalmartSimulator setTokenLifetime(Duration lifetime) {
        tokens.lifetime(lifetime);
        return this;
    }

    public Duration tokenLifetime() {
        return tokens.lifetime();
    }

    /** Invalidates every issued token (data calls answer 401 until a new token is fetched). */
    public WalmartSimulator expireAllTokens() {
        tokens.expireAll();
        return this;
    }

    /** Quota of {@code GET /v3/orders} (and {@code /released}). */
    public WalmartSimulator setOrdersQuota(double ratePerSecond, int burst) {
        rateLimiter.setQuota(OP_LIST_ORDERS, ratePerSecond, burst);
        rateLimiter.setQuota(OP_LIST_RELEASED, ratePerSecond, burst);
        return this;
    }

    /** Quota of any operation ({@code OP_*} constants). */
    public WalmartSimulator setQuota(String operation, double ratePerSecond, int burst) {
        rateLimiter.setQuota(operation, ratePerSecond, burst);
        return this;
    }

    /** Switches every quota off or on. */
    public WalmartSimulator setQuotasEnabled(boolean enabled) {
        rateLimiter.setEnabled(enabled);
        return this;
    }

    /** Whether WM_QOS.CORRELATION_ID must look like a UUID (default) or merely be present. */
    public WalmartSimulator setStrictCorrelationId(boolean strict) {
        this.strictCorrelationId = strict;
        return this;
    }

    /**
     * Answer an order listing that holds no orders with HTTP 404 {@code CONTENT_NOT_FOUND.GMP_ORDER_API} in Walmart's
     * nested envelope, as the real API does (default true); false answers an empty 200 list instead.
     */
    public WalmartSimulator setNotFoundWhenEmpty(boolean notFound) {
        this.notFoundWhenEmpty = notFound;
        return this;
    }

    /** A listing matching more orders than this is refused with 400 (default 10,000; 0 = no limit). */
    public WalmartSimulator setMaxOrdersPerQuery(int max) {
        this.maxOrdersPerQuery = max;
        return this;
    }

    boolean notFoundWhenEmpty() {
        return notFoundWhenEmpty;
    }

    int maxOrdersPerQuery() {
        return maxOrdersPerQuery;
    }

    // ---- gateway ----

    /** Required headers, then (data calls) the access token and the rate limit. */
    private void admit(SandboxRequest request) {
        String correlation = request.header(HDR_CORRELATION);
        if (correlation == null || correlation.isBlank()) {
            throw WalmartErrors.badHeader(HDR_CORRELATION, HDR_CORRELATION + " header is required");
        }
        if (strictCorrelationId && !UUID_SHAPE.matcher(correlation.trim()).matches()) {
            throw WalmartErrors.badHeader(HDR_CORRELATION, HDR_CORRELATION + " must be a UUID: " + correlation);
        }
        String svcName = request.header(HDR_SVC_NAME);
        if (svcName == null || svcName.isBlank()) {
            throw WalmartErrors.badHeader(HDR_SVC_NAME, HDR_SVC_NAME + " header is required");
        }
        if (request.route().kind() == Route.Kind.AUTH) {
            return;
        }
        String accept = request.header("Accept");
        if (accept != null && !accept.contains("json") && !accept.contains("*/*")) {
            throw new SandboxException(WalmartErrors.response(406, "INVALID_ACCEPT_TYPE", "Accept",
                    "The sandbox answers application/json only"));
        }
        String token = request.header(HDR_TOKEN);
        if (token == null || token.isBlank()) {
            throw WalmartErrors.unauthorized(HDR_TOKEN + " header is required");
        }
        WalmartSeller seller = tokens.validate(token);
        if (seller == null) {
            throw WalmartErrors.unauthorized("Unauthorized token or token is expired");
        }
        request.principal(seller);
        RateLimiter.Decision decision = rateLimiter.tryAcquire(seller.sellerId(), request.operation());
        if (decision.limited()) {
            request.responseHeader(HDR_TOKEN_COUNT, String.valueOf(decision.tokensLeft()));
            request.responseHeader(HDR_REPLENISH, String.valueOf(decision.nextReplenishEpochMillis()));
        }
        if (!decision.allowed()) {
            counters.countThrottled(request.operation());
            throw new SandboxException(WalmartErrors.INSTANCE.throttled(request)
                    .header("Retry-After", String.valueOf(decision.retryAfterSeconds())));
        }
    }

    /** {@code POST /v3/token}, client_credentials grant. */
    private SandboxResponse token(SandboxRequest request) {
        WalmartSeller seller = basicAuth(request.header("Authorization"));
        Map<String, List<String>> form = SandboxRequest.parseQuery(request.bodyText());
        String grantType = form.containsKey("grant_type") ? form.get("grant_type").get(0) : null;
        if (grantType == null || grantType.isBlank()) {
            throw WalmartErrors.badParam("grant_type",
                    "grant_type is required (form body grant_type=client_credentials)");
        }
        if (!grantType.equals("client_credentials")) {
            throw WalmartErrors.badParam("grant_type", "The sandbox supports grant_type=client_credentials only");
        }
        RateLimiter.Decision decision = rateLimiter.tryAcquire(seller.clientId(), OP_TOKEN);
        if (!decision.allowed()) {
            counters.countThrottled(OP_TOKEN);
            throw new SandboxException(WalmartErrors.INSTANCE.throttled(request)
                    .header("Retry-After", String.valueOf(decision.retryAfterSeconds())));
        }
        String token = tokens.issue(seller);
        long expiresIn = tokens.lifetime().toSeconds();
        String accept = request.header("Accept");
        if (accept != null && accept.contains("application/json")) {
            var body = Json.object();
            body.put("access_token", token);
            body.put("token_type", "Bearer");
            body.put("expires_in", expiresIn);
            return SandboxResponse.json(200, body);
        }
        // Without a JSON Accept header Walmart answers XML (OAuthTokenDTO).
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<OAuthTokenDTO><accessToken>" + token + "</accessToken><tokenType>Bearer</tokenType>"
                + "<expiresIn>" + expiresIn + "</expiresIn></OAuthTokenDTO>";
        return SandboxResponse.text(200, "application/xml", xml);
    }

    private WalmartSeller basicAuth(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw WalmartErrors.unauthorized("Authorization: Basic base64(clientId:clientSecret) is required");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw WalmartErrors.unauthorized("Authorization header is not valid base64");
        }
        int colon = decoded.indexOf(':');
        WalmartSeller seller = colon < 0 ? null : sellersByClientId.get(decoded.substring(0, colon));
        if (seller == null || !seller.clientSecret().equals(decoded.substring(colon + 1))) {
            throw WalmartErrors.unauthorized("Invalid client id or client secret");
        }
        return seller;
    }

    long now() {
        return clock.millis();
    }
}
