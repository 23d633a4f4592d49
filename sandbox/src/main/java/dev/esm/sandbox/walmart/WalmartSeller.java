package dev.esm.sandbox.walmart;

import dev.esm.sandbox.FakeCatalog;
import dev.esm.sandbox.DemoListings;
import dev.esm.sandbox.Seeds;
import dev.esm.sandbox.walmart.WalmartOrderLine.TrackingInfo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sandbox seller account: credentials, orders and what the simulator received for them. Orders are generated
 * deterministically from the simulator seed and the client id; {@link #tick()} makes new orders arrive and moves
 * existing ones forward (Created -> Acknowledged -> Shipped -> Delivered, sometimes Cancelled), bumping their
 * last-modified time to the clock's now.
 */
public final class WalmartSeller {

    /** What one tick did: purchase order ids created and ids whose status moved. */
    public record TickResult(List<String> created, List<String> changed) {
    }

    private static final int TICK_ATTEMPTS = 40;
    private static final String CUSTOMER_CANCEL = "CUSTOMER_REQUESTED_SELLER_TO_CANCEL";
    private static final FakeCatalog CATALOG = new FakeCatalog("WM");

    private final String clientId;
    private volatile String clientSecret;
    private final int number;
    private final Clock clock;
    private final DemoListings listings;
    private final WalmartOrderFactory factory;
    private final WalmartOrderStore store;
    private final SplittableRandom tickRandom;
    private final List<ShipmentPush> pushes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> pushCounts = new ConcurrentHashMap<>();
    private final Map<String, Integer> ackCounts = new ConcurrentHashMap<>();
    private volatile Duration orderSpread = Duration.ofDays(30);
    private volatile int tickNewOrders = 2;
    private volatile int tickStatusChanges = 3;

    WalmartSeller(String clientId, String clientSecret, int number, long simulatorSeed, Clock clock) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.number = number;
        this.clock = clock;
        long seed = Seeds.mix(simulatorSeed, clientId);
        this.factory = new WalmartOrderFactory(seed, number, CATALOG);
        this.store = new WalmartOrderStore(factory);
        this.tickRandom = new SplittableRandom(Seeds.mix(seed, "tick"));
        this.listings = DemoListings.generate("walmart", Seeds.mix(seed, "listings"), clock.millis(), 0,
                WalmartItemsApi::issues);
    }

    /** The seller's items, prices and inventory ({@code GET /v3/items}, {@code GET /v3/inventories}). */
    public DemoListings listings() {
        return listings;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /**
     * A new client secret, as the seller makes one in Seller Center (API Key Management): the token call refuses the
     * old one from now on; tokens issued before stay valid until they expire.
     */
    public WalmartSeller resetClientSecret(String newSecret) {
        if (newSecret == null || newSecret.isBlank()) {
            throw new IllegalArgumentException("a client secret is needed");
        }
        this.clientSecret = newSecret;
        return this;
    }

    /** The seller id Walmart would show (it also travels in nextCursor). */
    public String sellerId() {
        return String.valueOf(number);
    }

    public String partnerId() {
        return String.valueOf(10_001_000 + number);
    }

    /** Adds {@code count} orders dated over the order spread (default: the last 30 days) before now. */
    public WalmartSeller generateOrders(int count) {
        return generateOrders(count, orderSpread);
    }

    public WalmartSeller generateOrders(int count, Duration spread) {
        store.generate(count, clock.millis(), Math.max(1, spread.toMillis()));
        return this;
    }

    /** Default spread of {@link #generateOrders(int)}. */
    public WalmartSeller setOrderSpread(Duration spread) {
        this.orderSpread = spread;
        return this;
    }

    /** New orders placed now (all lines Created); returns their purchase order ids. */
    public List<String> addOrders(int count) {
        int[] indexes = store.addNew(count, clock.millis());
        List<String> ids = new ArrayList<>(indexes.length);
        for (int index : indexes) {
            ids.add(factory.purchaseOrderId(index));
        }
        return ids;
    }

    /** Sets what {@link #tick()} does (defaults: 2 new orders, 3 status changes). */
    public WalmartSeller setTickSize(int newOrders, int statusChanges) {
        this.tickNewOrders = newOrders;
        this.tickStatusChanges = statusChanges;
        return this;
    }

    public TickResult tick() {
        return tick(tickNewOrders, tickStatusChanges);
    }

    /** Adds {@code newOrders} orders and moves up to {@code statusChanges} existing orders one step forward. */
    public TickResult tick(int newOrders, int statusChanges) {
        int existing = store.size();
        List<String> created = addOrders(newOrders);
        Set<String> changed = new LinkedHashSet<>();
        long now = clock.millis();
        for (int n = 0; n < statusChanges && existing > 0; n++) {
            for (int attempt = 0; attempt < TICK_ATTEMPTS; attempt++) {
                int index;
                int draw;
                TrackingInfo tracking;
                synchronized (tickRandom) {
                    index = tickRandom.nextInt(existing);
                    draw = tickRandom.nextInt(100);
                    tracking = WalmartOrderFactory.tracking(tickRandom, "Standard", now);
                }
                if (advance(index, draw, tracking, now)) {
                    changed.add(factory.purchaseOrderId(index));
                    break;
                }
            }
        }
        return new TickResult(created, List.copyOf(changed));
    }

    public int orderCount() {
        return store.size();
    }

    public String purchaseOrderId(int index) {
        if (index < 0 || index >= store.size()) {
            throw new IndexOutOfBoundsException(index);
        }
        return factory.purchaseOrderId(index);
    }

    public List<String> purchaseOrderIds() {
        int size = store.size();
        List<String> ids = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            ids.add(factory.purchaseOrderId(i));
        }
        return ids;
    }

    /** A copy of the order as the simulator holds it now. */
    public Optional<WalmartOrder> order(String purchaseOrderId) {
        int index = indexOf(purchaseOrderId);
        return index < 0 ? Optional.empty() : Optional.of(store.get(index));
    }

    /** Internal last-modified time (epoch ms) the lastModified filters use. */
    public long lastModified(String purchaseOrderId) {
        int index = requireIndex(purchaseOrderId);
        return store.lastModified(index);
    }

    /** Successful shipping pushes received for an order (one per accepted POST). */
    public int shipmentPushCount(String purchaseOrderId) {
        return pushCounts.getOrDefault(purchaseOrderId, 0);
    }

    /** Every shipped line received, in arrival order. */
    public List<ShipmentPush> shipmentPushes() {
        synchronized (pushes) {
            return List.copyOf(pushes);
        }
    }

    public List<ShipmentPush> shipmentPushes(String purchaseOrderId) {
        return shipmentPushes().stream().filter(p -> p.purchaseOrderId().equals(purchaseOrderId)).toList();
    }

    /** Acknowledge calls received for an order. */
    public int acknowledgeCount(String purchaseOrderId) {
        return ackCounts.getOrDefault(purchaseOrderId, 0);
    }

    /** Orders held in full because they changed after generation (the rest are rebuilt from the seed). */
    public int changedOrderCount() {
        return store.changedCount();
    }

    // ---- used by the simulator's handlers ----

    int indexOf(String purchaseOrderId) {
        int index = factory.indexOf(purchaseOrderId);
        return index >= 0 && index < store.size() ? index : -1;
    }

    WalmartOrderStore store() {
        return store;
    }

    WalmartOrder acknowledge(String purchaseOrderId) {
        int index = requireIndex(purchaseOrderId);
        ackCounts.merge(purchaseOrderId, 1, Integer::sum);
        long now = clock.millis();
        return store.update(index, now, order -> {
            boolean changed = false;
            for (WalmartOrderLine line : order.lines()) {
                changed |= line.moveAll(WalmartStatus.CREATED, WalmartStatus.ACKNOWLEDGED, null, null, now) > 0;
            }
            return changed;
        });
    }

    WalmartOrder ship(String purchaseOrderId, WalmartShipping.Request request) {
        int index = requireIndex(purchaseOrderId);
        long now = clock.millis();
        WalmartOrder result = store.update(index, now, order -> WalmartShipping.apply(order, request, now));
        Instant received = Instant.ofEpochMilli(now);
        synchronized (pushes) {
            for (WalmartShipping.LineShipment s : request.shipments()) {
                TrackingInfo t = s.tracking();
                pushes.add(new ShipmentPush(purchaseOrderId, s.lineNumber(), s.sellerOrderId(), s.quantity(),
                        t.carrier(), t.otherCarrier(), t.methodCode(), t.trackingNumber(), t.trackingUrl(),
                        t.shipDateTime(), request.processMode(), received));
            }
        }
        pushCounts.merge(purchaseOrderId, 1, Integer::sum);
        return result;
    }

    private int requireIndex(String purchaseOrderId) {
        int index = indexOf(purchaseOrderId);
        if (index < 0) {
            throw WalmartErrors.notFound("purchaseOrderId", "No order " + purchaseOrderId + " for this seller");
        }
        return index;
    }

    /** One step forward for an order that can move; false when it cannot (Delivered or Cancelled). */
    private boolean advance(int index, int draw, TrackingInfo tracking, long now) {
        int mask = store.statusMask(index);
        if ((mask & (WalmartStatus.CREATED.bit() | WalmartStatus.ACKNOWLEDGED.bit()
                | WalmartStatus.SHIPPED.bit())) == 0) {
            return false;
        }
        store.update(index, now, order -> {
            WalmartStatus from = order.hasStatus(WalmartStatus.CREATED) ? WalmartStatus.CREATED
                    : order.hasStatus(WalmartStatus.ACKNOWLEDGED) ? WalmartStatus.ACKNOWLEDGED
                    : WalmartStatus.SHIPPED;
            TrackingInfo shipped = new TrackingInfo(now, tracking.carrier(), null, order.shippingInfo().methodCode(),
                    tracking.trackingNumber(), tracking.trackingUrl());
            int moved = 0;
            for (WalmartOrderLine line : order.lines()) {
                moved += switch (from) {
                    case CREATED -> draw < 8
                            ? line.moveAll(from, WalmartStatus.CANCELLED, null, CUSTOMER_CANCEL, now)
                            : line.moveAll(from, WalmartStatus.ACKNOWLEDGED, null, null, now);
                    case ACKNOWLEDGED -> line.moveAll(from, WalmartStatus.SHIPPED, shipped, null, now);
                    default -> line.moveAll(from, WalmartStatus.DELIVERED, null, null, now);
                };
            }
            return moved > 0;
        });
        return true;
    }
}
