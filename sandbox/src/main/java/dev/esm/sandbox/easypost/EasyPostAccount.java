package dev.esm.sandbox.easypost;

import dev.esm.sandbox.Seeds;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One EasyPost API key and everything created with it. Objects live in insertion order (lists are newest first).
 * Tests read {@link #purchases()} to assert that a label was bought exactly once.
 */
public final class EasyPostAccount {

    private final String apiKey;
    private final String mode;
    private final String carrierAccountId;
    private final String mailerId;
    private final long seed;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong serials = new AtomicLong();
    private final AtomicLong purchases = new AtomicLong();
    private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> requests =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong refunds = new AtomicLong();

    final Map<String, ObjectNode> addresses = new LinkedHashMap<>();
    final Map<String, ObjectNode> parcels = new LinkedHashMap<>();
    final Map<String, Shipment> shipments = new LinkedHashMap<>();
    final Map<String, Tracker> trackers = new LinkedHashMap<>();
    final Map<String, String> trackerByCode = new LinkedHashMap<>();
    final Map<String, Batch> batches = new LinkedHashMap<>();
    final Map<String, ObjectNode> refundObjects = new LinkedHashMap<>();

    EasyPostAccount(String apiKey, long seed) {
        this.apiKey = apiKey;
        this.seed = Seeds.mix(seed, apiKey);
        this.mode = apiKey.startsWith("EZAK") ? "production" : "test";
        SplittableRandom r = Seeds.rng(this.seed, -1);
        this.carrierAccountId = "ca_" + Seeds.hex(r, 32).toLowerCase();
        // a sandbox Mailer ID: 9 digits starting with 9 (6-digit MIDs start with 0-8)
        this.mailerId = "9" + Seeds.digits(r, 8);
    }

    public String apiKey() {
        return apiKey;
    }

    /** {@code test} for keys starting with EZTK (and any other key), {@code production} for EZAK keys. */
    public String mode() {
        return mode;
    }

    /** The USPS carrier account every rate of this key names. */
    public String carrierAccountId() {
        return carrierAccountId;
    }

    /** The Mailer ID inside this key's tracking numbers. */
    public String mailerId() {
        return mailerId;
    }

    /** Labels bought with this key (shipment buys, one-call buys and batch buys). */
    public long purchases() {
        return purchases.get();
    }

    /**
     * Authenticated API requests made with this key, per operation (e.g. {@code shipments.create},
     * {@code shipments.buy}), whatever the answer: tests assert that no provider call was made.
     */
    public long requests(String operation) {
        java.util.concurrent.atomic.LongAdder n = requests.get(operation);
        return n == null ? 0 : n.sum();
    }

    /** All authenticated API requests made with this key. */
    public long requests() {
        return requests.values().stream().mapToLong(java.util.concurrent.atomic.LongAdder::sum).sum();
    }

    void countRequest(String operation) {
        requests.computeIfAbsent(operation, k -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    /** Refunds requested with this key. */
    public long refunds() {
        return refunds.get();
    }

    /** Ids of the shipments created with a reference, oldest first (EasyPost does not refuse duplicates). */
    public synchronized List<String> shipmentIdsWithReference(String reference) {
        List<String> out = new ArrayList<>();
        for (Shipment s : shipments.values()) {
            if (reference.equals(s.reference)) {
                out.add(s.id);
            }
        }
        return out;
    }

    /** Tracking codes of the labels bought with this key, in purchase order. */
    public synchronized List<String> trackingCodes() {
        List<String> out = new ArrayList<>();
        shipments.values().stream().filter(s -> s.trackingCode != null)
                .sorted((a, b) -> a.boughtAt.compareTo(b.boughtAt)).forEach(s -> out.add(s.trackingCode));
        return out;
    }

    synchronized int shipmentCount() {
        return shipments.size();
    }

    String newId(String prefix) {
        return prefix + Seeds.hex(Seeds.rng(seed, ids.incrementAndGet()), 32).toLowerCase();
    }

    long nextSerial() {
        return Math.floorMod(Seeds.mix(seed, "serial") + serials.incrementAndGet(), 10_000_000L);
    }

    void countPurchase() {
        purchases.incrementAndGet();
    }

    void countRefund() {
        refunds.incrementAndGet();
    }

    /** A shipment: its stored JSON (without the computed fields) plus what the simulator needs to know. */
    static final class Shipment {
        final String id;
        final ObjectNode json;
        final String reference;
        final Map<String, ObjectNode> rates = new LinkedHashMap<>();
        String service;
        String trackingCode;
        String trackerId;
        Instant boughtAt;
        LabelData label;
        String labelKey;
        int deliveryDays;
        Instant refundRequestedAt;
        String refundOutcome;
        String refundId;
        String batchId;

        Shipment(String id, ObjectNode json, String reference) {
            this.id = id;
            this.json = json;
            this.reference = reference;
        }

        boolean bought() {
            return trackingCode != null;
        }
    }

    /** A tracker; its status is computed from the clock when it is read. */
    static final class Tracker {
        final String id;
        final String code;
        final String carrier;
        final Instant createdAt;
        String shipmentId;

        Tracker(String id, String code, String carrier, Instant createdAt) {
            this.id = id;
            this.code = code;
            this.carrier = carrier;
            this.createdAt = createdAt;
        }
    }

    /** A batch: states move on at the next read, as EasyPost's asynchronous processing would. */
    static final class Batch {
        final String id;
        final String reference;
        final Instant createdAt;
        final List<String> shipmentIds = new ArrayList<>();
        final Map<String, String> batchStatus = new LinkedHashMap<>();
        final Map<String, String> batchMessage = new LinkedHashMap<>();
        String state = "creating";
        String next = "created";
        String labelKey;
        String labelFormat;
        Instant updatedAt;

        Batch(String id, String reference, Instant createdAt) {
            this.id = id;
            this.reference = reference;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }
    }
}
