package dev.esm.sandbox.easypost;

import dev.esm.sandbox.FaultKnobs;
import dev.esm.sandbox.RateLimiter;
import dev.esm.sandbox.Route;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * EasyPost's REST API v2 at the wire level, on loopback, for USPS labels: addresses (with verification), parcels,
 * shipments with USPS rates (GroundAdvantage, Priority, Express; priced by weight and zone), buy (4x6 labels as PNG,
 * PDF, ZPL, EPL2 with a GS1-128 IMpb barcode and a valid 22-digit tracking number), label conversion, refunds,
 * trackers and batches, EasyPost's error envelope, a 429 rate limit, and the shared {@link FaultKnobs}. Auth is the
 * API key as HTTP Basic user name (empty password) or as a Bearer token, as the official clients send it.
 *
 * <pre>{@code
 * try (var easypost = new EasyPostSimulator(clock, 42).start(0)) {
 *     EasyPostAccount account = easypost.registerApiKey("EZTK-test-key");
 *     String apiBase = easypost.baseUrl();                 // requests go to apiBase + "/v2/..."
 *     ...
 *     assertThat(account.purchases()).isEqualTo(1);
 * }
 * }</pre>
 *
 * Plain HTTP only, like the other simulators: the official Java client ({@code com.easypost:easypost-api-client})
 * insists on HTTPS (contract section 0), a client on {@code java.net.http} or similar talks to it as it is.
 */
public final class EasyPostSimulator extends Simulator<EasyPostSimulator> {

    public static final String OP_ADDRESS_CREATE = "addresses.create";
    public static final String OP_ADDRESS_VERIFY = "addresses.verify";
    public static final String OP_ADDRESS_RETRIEVE = "addresses.retrieve";
    public static final String OP_PARCEL_CREATE = "parcels.create";
    public static final String OP_PARCEL_RETRIEVE = "parcels.retrieve";
    public static final String OP_SHIPMENT_CREATE = "shipments.create";
    public static final String OP_SHIPMENT_RETRIEVE = "shipments.retrieve";
    public static final String OP_SHIPMENT_INDEX = "shipments.index";
    public static final String OP_SHIPMENT_RERATE = "shipments.rerate";
    public static final String OP_SHIPMENT_BUY = "shipments.buy";
    public static final String OP_SHIPMENT_LABEL = "shipments.label";
    public static final String OP_SHIPMENT_REFUND = "shipments.refund";
    public static final String OP_REFUND_CREATE = "refunds.create";
    public static final String OP_REFUND_RETRIEVE = "refunds.retrieve";
    public static final String OP_REFUND_INDEX = "refunds.index";
    public static final String OP_TRACKER_CREATE = "trackers.create";
    public static final String OP_TRACKER_RETRIEVE = "trackers.retrieve";
    public static final String OP_TRACKER_INDEX = "trackers.index";
    public static final String OP_BATCH_CREATE = "batches.create";
    public static final String OP_BATCH_RETRIEVE = "batches.retrieve";
    public static final String OP_BATCH_INDEX = "batches.index";
    public static final String OP_BATCH_ADD = "batches.add_shipments";
    public static final String OP_BATCH_REMOVE = "batches.remove_shipments";
    public static final String OP_BATCH_BUY = "batches.buy";
    public static final String OP_BATCH_LABEL = "batches.label";
    public static final String OP_LABEL_FILE = "public.label_file";
    public static final String OP_TRACKING_PAGE = "public.tracking_page";

    /**
     * Rate-limit bucket every index (list) endpoint shares. EasyPost documents a fixed five requests per second for
     * index endpoints; its other limits are load based and not published, so other operations are unlimited unless
     * {@link #setQuota(String, double, int)} gives them one.
     */
    public static final String QUOTA_INDEX = "index";
    public static final RateLimiter.Quota DEFAULT_INDEX_QUOTA = new RateLimiter.Quota(5, 5);

    /** Response header EasyPost puts on its answers (a request id for support). */
    public static final String HDR_REQUEST_ID = "X-Ep-Request-Uuid";

    private final long seed;
    private final RateLimiter rateLimiter;
    private final Map<String, Duration[]> latencies = new ConcurrentHashMap<>();
    private final java.util.SplittableRandom latencyRandom;
    private final Map<String, EasyPostAccount> accounts = new ConcurrentHashMap<>();
    private final List<EasyPostAccount> accountList = new ArrayList<>();
    private final Map<String, LabelRef> labels = new ConcurrentHashMap<>();
    private final Map<String, byte[]> labelCache = new ConcurrentHashMap<>();
    private final AtomicInteger lostBuyResponses = new AtomicInteger();
    private final AtomicInteger buyCalls = new AtomicInteger();
    private volatile int rejectEveryNthBuy;
    private volatile boolean honourRebuys;
    private volatile Duration refundDelay = Duration.ofHours(1);

    /** Where a label file key points: one shipment's label or a batch's labels. */
    record LabelRef(EasyPostAccount account, String shipmentId, String batchId) {
    }

    /** System clock, seed 42. */
    public EasyPostSimulator() {
        this(Clock.systemUTC(), 42);
    }

    public EasyPostSimulator(Clock clock, long seed) {
        super(clock);
        this.seed = seed;
        this.rateLimiter = new RateLimiter(clock);
        this.latencyRandom = new java.util.SplittableRandom(seed);
        rateLimiter.setQuota(QUOTA_INDEX, DEFAULT_INDEX_QUOTA.ratePerSecond(), DEFAULT_INDEX_QUOTA.burst());
        EasyPostApi api = new EasyPostApi(this);
        Route.Kind data = Route.Kind.DATA;
        serve(new SandboxServer("easypost", EasyPostErrors.INSTANCE, this::admit, faults, counters)
                .route("POST", "/v2/addresses", OP_ADDRESS_CREATE, data, api::createAddress)
                .route("POST", "/v2/addresses/create_and_verify", OP_ADDRESS_VERIFY, data,
                        api::createAndVerifyAddress)
                .route("GET", "/v2/addresses/{id}", OP_ADDRESS_RETRIEVE, data, api::getAddress)
                .route("GET", "/v2/addresses/{id}/verify", OP_ADDRESS_VERIFY, data, api::verifyAddress)
                .route("POST", "/v2/parcels", OP_PARCEL_CREATE, data, api::createParcel)
                .route("GET", "/v2/parcels/{id}", OP_PARCEL_RETRIEVE, data, api::getParcel)
                .route("POST", "/v2/shipments", OP_SHIPMENT_CREATE, data, api::createShipment)
                .route("GET", "/v2/shipments", OP_SHIPMENT_INDEX, data, api::listShipments)
                .route("GET", "/v2/shipments/{id}", OP_SHIPMENT_RETRIEVE, data, api::getShipment)
                .route("POST", "/v2/shipments/{id}/rerate", OP_SHIPMENT_RERATE, data, api::rerate)
                .route("POST", "/v2/shipments/{id}/buy", OP_SHIPMENT_BUY, data, api::buy)
                .route("GET", "/v2/shipments/{id}/label", OP_SHIPMENT_LABEL, data, api::label)
                .route("POST", "/v2/shipments/{id}/refund", OP_SHIPMENT_REFUND, data, api::refund)
                .route("POST", "/v2/refunds", OP_REFUND_CREATE, data, api::createRefunds)
                .route("GET", "/v2/refunds", OP_REFUND_INDEX, data, api::listRefunds)
                .route("GET", "/v2/refunds/{id}", OP_REFUND_RETRIEVE, data, api::getRefund)
                .route("POST", "/v2/trackers", OP_TRACKER_CREATE, data, api::createTracker)
                .route("GET", "/v2/trackers", OP_TRACKER_INDEX, data, api::listTrackers)
                .route("GET", "/v2/trackers/{id}", OP_TRACKER_RETRIEVE, data, api::getTracker)
                .route("POST", "/v2/batches", OP_BATCH_CREATE, data, api::createBatch)
                .route("GET", "/v2/batches", OP_BATCH_INDEX, data, api::listBatches)
                .route("GET", "/v2/batches/{id}", OP_BATCH_RETRIEVE, data, api::getBatch)
                .route("POST", "/v2/batches/{id}/add_shipments", OP_BATCH_ADD, data, api::addShipments)
                .route("POST", "/v2/batches/{id}/remove_shipments", OP_BATCH_REMOVE, data, api::removeShipments)
                .route("POST", "/v2/batches/{id}/buy", OP_BATCH_BUY, data, api::buyBatch)
                .route("POST", "/v2/batches/{id}/label", OP_BATCH_LABEL, data, api::batchLabel)
                .route("GET", "/files/postage_label/{day}/{file}", OP_LABEL_FILE, data, api::labelFile)
                .route("GET", "/files/batch_labels/{day}/{file}", OP_LABEL_FILE, data, api::labelFile)
                .route("GET", "/track/{code}", OP_TRACKING_PAGE, Route.Kind.AUTH, api::trackingPage));
    }

    // ---- API keys ----

    /** Registers an API key (test mode unless it starts with EZAK, EasyPost's production prefix). */
    public synchronized EasyPostAccount registerApiKey(String apiKey) {
        if (apiKey == null || apiKey.isBlank() || apiKey.contains(":")) {
            throw new IllegalArgumentException("API key must be non-blank without ':'");
        }
        if (accounts.containsKey(apiKey)) {
            throw new IllegalArgumentException("API key already registered");
        }
        EasyPostAccount account = new EasyPostAccount(apiKey, seed);
        accounts.put(apiKey, account);
        accountList.add(account);
        return account;
    }

    /** Registers a deterministic test key {@code EZTK} + 32 hex digits. */
    public synchronized EasyPostAccount registerApiKey() {
        return registerApiKey("EZTK" + Seeds.hex(Seeds.rng(Seeds.mix(seed, "easypost-keys"), accountList.size() + 1),
                32).toLowerCase());
    }

    public Optional<EasyPostAccount> account(String apiKey) {
        return Optional.ofNullable(accounts.get(apiKey));
    }

    public synchronized List<EasyPostAccount> accounts() {
        return List.copyOf(accountList);
    }

    /** Labels bought with one API key (0 for an unknown key). */
    public long purchases(String apiKey) {
        EasyPostAccount account = accounts.get(apiKey);
        return account == null ? 0 : account.purchases();
    }

    /** Labels bought with any key. */
    public synchronized long purchases() {
        return accountList.stream().mapToLong(EasyPostAccount::purchases).sum();
    }

    // ---- knobs ----

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    long seed() {
        return seed;
    }

    /** Quota of the index endpoints (shared bucket per key); default 5/s, burst 5. */
    public EasyPostSimulator setIndexQuota(double ratePerSecond, int burst) {
        rateLimiter.setQuota(QUOTA_INDEX, ratePerSecond, burst);
        return this;
    }

    /** Quota of one operation ({@code OP_*}), per API key. */
    public EasyPostSimulator setQuota(String operation, double ratePerSecond, int burst) {
        rateLimiter.setQuota(operation, ratePerSecond, burst);
        return this;
    }

    public EasyPostSimulator setQuotasEnabled(boolean enabled) {
        rateLimiter.setEnabled(enabled);
        return this;
    }

    /**
     * The next {@code count} buys succeed (the label is bought and counted) but answer 504 with no body, as when the
     * answer is lost on the way: the case a client must survive without buying twice (contract 1.10).
     */
    public EasyPostSimulator loseNextBuyResponses(int count) {
        lostBuyResponses.set(Math.max(0, count));
        return this;
    }

    /**
     * Refuses every {@code n}-th buy (counted over all keys from this call on; 0 turns it off) with 422
     * {@code SHIPMENT.POSTAGE.FAILURE} in EasyPost's error envelope, before anything is bought: a counted share of
     * failed purchases (n = 10 fails exactly 10 %) that a client can retry on the same shipment.
     */
    public EasyPostSimulator rejectEveryNthBuy(int n) {
        buyCalls.set(0);
        rejectEveryNthBuy = Math.max(0, n);
        return this;
    }

    /**
     * Whether a second buy of an already bought shipment buys (and counts) another label instead of answering 422
     * SHIPMENT.POSTAGE.EXISTS as EasyPost does (default false). Tests turn it on so that a duplicate buy call by the
     * client is not masked by the provider's refusal: it shows up as a second purchase and a second buy request.
     */
    public EasyPostSimulator honourRebuys(boolean honour) {
        honourRebuys = honour;
        return this;
    }

    boolean honoursRebuys() {
        return honourRebuys;
    }

    boolean takeBuyRejection() {
        int n = rejectEveryNthBuy;
        return n > 0 && buyCalls.incrementAndGet() % n == 0;
    }

    boolean takeLostBuyResponse() {
        return lostBuyResponses.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /** How long a refund stays {@code submitted} (on the simulator clock) before it is refunded or rejected. */
    public EasyPostSimulator setRefundDelay(Duration delay) {
        this.refundDelay = delay;
        return this;
    }

    public Duration refundDelay() {
        return refundDelay;
    }

    // ---- label files ----

    void registerLabel(String key, EasyPostAccount account, String shipmentId, String batchId) {
        labels.put(key, new LabelRef(account, shipmentId, batchId));
        labelCache.keySet().removeIf(k -> k.startsWith(key + "."));
    }

    LabelRef label(String key) {
        return labels.get(key);
    }

    byte[] cached(String key, Supplier<byte[]> render) {
        return labelCache.computeIfAbsent(key, k -> render.get());
    }

    // ---- gateway ----

    /**
     * How long the provider takes to answer an operation ({@code OP_*}): uniformly between {@code min} and
     * {@code max}, drawn from the seed, after the rate limit admitted the request (a 429 answers at once). E.g. a
     * label buy at a carrier takes 0.5-2 s. {@code Duration.ZERO, Duration.ZERO} removes it.
     */
    public EasyPostSimulator setLatency(String operation, Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("latency must be 0 <= min <= max");
        }
        if (max.isZero()) {
            latencies.remove(operation);
        } else {
            latencies.put(operation, new Duration[] {min, max});
        }
        return this;
    }

    private void delay(String operation) {
        Duration[] range = latencies.get(operation);
        if (range == null) {
            return;
        }
        long min = range[0].toMillis();
        long spread = range[1].toMillis() - min;
        long millis;
        synchronized (latencyRandom) {
            millis = min + (spread == 0 ? 0 : latencyRandom.nextLong(spread + 1));
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Request id on every answer; API key (Basic user name or Bearer token); then the rate limit and latency. */
    private void admit(SandboxRequest request) {
        request.responseHeader(HDR_REQUEST_ID, UUID.randomUUID().toString().replace("-", ""));
        if (request.operation().startsWith("public.")) {
            return; // label files and tracking pages are public links
        }
        String key = apiKey(request.header("Authorization"));
        if (key == null || key.isBlank()) {
            throw EasyPostErrors.fail(401, "APIKEY.REQUIRED",
                    "Please provide your API key as the HTTP Basic user name or as a Bearer token.");
        }
        EasyPostAccount account = accounts.get(key);
        if (account == null) {
            throw EasyPostErrors.fail(401, "APIKEY.INACTIVE",
                    "This API key is not valid or no longer active. Please use a different API key.");
        }
        request.principal(account);
        account.countRequest(request.operation());
        String bucket = request.operation().endsWith(".index") ? QUOTA_INDEX : request.operation();
        RateLimiter.Decision decision = rateLimiter.tryAcquire(key, bucket);
        if (!decision.allowed()) {
            counters.countThrottled(request.operation());
            throw new SandboxException(EasyPostErrors.INSTANCE.throttled(request)
                    .header("Retry-After", String.valueOf(decision.retryAfterSeconds())));
        }
        delay(request.operation());
    }

    private static String apiKey(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
