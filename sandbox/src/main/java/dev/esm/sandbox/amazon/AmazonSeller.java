package dev.esm.sandbox.amazon;

import dev.esm.sandbox.FakeCatalog;
import dev.esm.sandbox.DemoListings;
import dev.esm.sandbox.Seeds;

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
 * A sandbox selling partner: its id, the refresh token it granted the simulator's app, and its orders. Orders are
 * generated deterministically from the simulator seed and the seller's number; {@link #tick()} places new orders and
 * moves existing ones forward (PENDING -> UNSHIPPED -> PARTIALLY_SHIPPED/SHIPPED -> delivered, sometimes CANCELLED),
 * setting their {@code lastUpdatedTime} to the clock's now.
 */
public final class AmazonSeller {

    /** What one tick did: order ids placed and ids whose status (or package status) moved. */
    public record TickResult(List<String> created, List<String> changed) {
    }

    private static final int TICK_ATTEMPTS = 40;
    private static final FakeCatalog CATALOG = new FakeCatalog("AMZ");

    private final String sellingPartnerId;
    private final String refreshToken;
    private final int number;
    private final Clock clock;
    private final DemoListings listings;
    private final AmazonOrderFactory factory;
    private final AmazonOrderStore store = new AmazonOrderStore();
    private final SplittableRandom tickRandom;
    private final List<ShipmentConfirmation> confirmations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> confirmationCounts = new ConcurrentHashMap<>();
    private volatile Duration orderSpread = Duration.ofDays(30);
    private volatile int tickNewOrders = 2;
    private volatile int tickStatusChanges = 3;

    AmazonSeller(String sellingPartnerId, String refreshToken, int number, long simulatorSeed, String marketplaceId,
                 Clock clock) {
        this.sellingPartnerId = sellingPartnerId;
        this.refreshToken = refreshToken;
        this.number = number;
        this.clock = clock;
        long seed = Seeds.mix(simulatorSeed, "amazon-seller-" + number);
        this.factory = new AmazonOrderFactory(seed, number, marketplaceId, CATALOG);
        this.tickRandom = new SplittableRandom(Seeds.mix(seed, "tick"));
        this.listings = DemoListings.generate("amazon", Seeds.mix(seed, "listings"), clock.millis(), 0.3,
                AmazonListingsApi::issues);
    }

    /** The seller's listings items ({@code searchListingsItems}); about three in ten fulfilled by Amazon (FBA). */
    public DemoListings listings() {
        return listings;
    }

    /** e.g. {@code A1B2C3D4E5F6G7}: the {@code selling_partner_id} of the consent redirect. */
    public String sellingPartnerId() {
        return sellingPartnerId;
    }

    /**
     * The refresh token this seller granted the simulator's app when it was registered (as if it had already
     * authorized it); the consent flow issues further ones.
     */
    public String refreshToken() {
        return refreshToken;
    }

    int number() {
        return number;
    }

    /** Adds {@code count} orders placed over the order spread (default: the last 30 days) before now. */
    public AmazonSeller generateOrders(int count) {
        return generateOrders(count, orderSpread);
    }

    public AmazonSeller generateOrders(int count, Duration spread) {
        long now = clock.millis();
        long spreadMillis = Math.max(1, spread.toMillis());
        synchronized (store) {
            for (int i = 0; i < count; i++) {
                store.add(factory.generate(store.nextIndex(), now, spreadMillis));
            }
        }
        return this;
    }

    public AmazonSeller setOrderSpread(Duration spread) {
        this.orderSpread = spread;
        return this;
    }

    /** New orders placed now (PENDING or UNSHIPPED); returns their ids. */
    public List<String> addOrders(int count) {
        long now = clock.millis();
        List<String> ids = new ArrayList<>(count);
        synchronized (store) {
            for (int i = 0; i < count; i++) {
                AmazonOrder order = factory.placeNew(store.nextIndex(), now);
                store.add(order);
                ids.add(order.orderId());
            }
        }
        return ids;
    }

    /** Sets what {@link #tick()} does (defaults: 2 new orders, 3 status changes). */
    public AmazonSeller setTickSize(int newOrders, int statusChanges) {
        this.tickNewOrders = newOrders;
        this.tickStatusChanges = statusChanges;
        return this;
    }

    public TickResult tick() {
        return tick(tickNewOrders, tickStatusChanges);
    }

    /** Places {@code newOrders} orders and moves up to {@code statusChanges} existing ones one step forward. */
    public TickResult tick(int newOrders, int statusChanges) {
        int existing = store.size();
        List<String> created = addOrders(newOrders);
        Set<String> changed = new LinkedHashSet<>();
        Instant now = Instant.ofEpochMilli(AmazonOrderFactory.seconds(clock.millis()));
        for (int n = 0; n < statusChanges && existing > 0; n++) {
            for (int attempt = 0; attempt < TICK_ATTEMPTS; attempt++) {
                int index;
                int draw;
                SplittableRandom r;
                synchronized (tickRandom) {
                    index = tickRandom.nextInt(existing);
                    draw = tickRandom.nextInt(100);
                    r = tickRandom.split();
                }
                AmazonOrder before = store.get(index);
                if (changed.contains(before.orderId())) {
                    continue;
                }
                AmazonOrder after = store.update(index, order -> AmazonLifecycle.advance(order, draw, r, now));
                if (after != before) {
                    changed.add(after.orderId());
                    break;
                }
            }
        }
        return new TickResult(created, List.copyOf(changed));
    }

    public int orderCount() {
        return store.size();
    }

    public String orderId(int index) {
        if (index < 0 || index >= store.size()) {
            throw new IndexOutOfBoundsException(index);
        }
        return factory.orderId(index);
    }

    public List<String> orderIds() {
        int size = store.size();
        List<String> ids = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            ids.add(factory.orderId(i));
        }
        return ids;
    }

    /** The order as the simulator holds it now. */
    public Optional<AmazonOrder> order(String orderId) {
        int index = indexOf(orderId);
        return index < 0 ? Optional.empty() : Optional.of(store.get(index));
    }

    public List<AmazonOrder> orders() {
        int size = store.size();
        List<AmazonOrder> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(store.get(i));
        }
        return all;
    }

    /** Accepted {@code confirmShipment} calls for an order (one per 204). */
    public int shipmentConfirmationCount(String orderId) {
        return confirmationCounts.getOrDefault(orderId, 0);
    }

    /** Every accepted {@code confirmShipment}, in arrival order. */
    public List<ShipmentConfirmation> shipmentConfirmations() {
        synchronized (confirmations) {
            return List.copyOf(confirmations);
        }
    }

    public List<ShipmentConfirmation> shipmentConfirmations(String orderId) {
        return shipmentConfirmations().stream().filter(c -> c.orderId().equals(orderId)).toList();
    }

    /** Applies a confirmation (the order's lastUpdatedTime becomes now) and records it; 400/404 when refused. */
    AmazonOrder confirmShipment(String orderId, AmazonShipping.Request request) {
        int index = indexOf(orderId);
        if (index < 0) {
            throw AmazonErrors.notFound("No order " + orderId + " for this selling partner.");
        }
        Instant now = Instant.ofEpochMilli(AmazonOrderFactory.seconds(clock.millis()));
        AmazonOrder after = store.update(index, order -> AmazonShipping.apply(order, request, now));
        confirmations.add(new ShipmentConfirmation(orderId, request.marketplaceId(), request.packageReferenceId(),
                request.carrierCode(), request.carrierName(), request.shippingMethod(), request.trackingNumber(),
                request.shipDate(), request.items(), Instant.ofEpochMilli(clock.millis())));
        confirmationCounts.merge(orderId, 1, Integer::sum);
        return after;
    }

    int indexOf(String orderId) {
        int index = factory.indexOf(orderId);
        return index >= 0 && index < store.size() ? index : -1;
    }

    AmazonOrderStore store() {
        return store;
    }
}
