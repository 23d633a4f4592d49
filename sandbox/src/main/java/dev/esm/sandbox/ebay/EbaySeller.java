package dev.esm.sandbox.ebay;

import dev.esm.sandbox.FakeCatalog;
import dev.esm.sandbox.DemoListings;
import dev.esm.sandbox.Seeds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A sandbox eBay seller account (an eBay user who consents to apps) and its orders. Orders are generated
 * deterministically from the simulator seed and the username; {@link #tick()} makes new orders arrive and moves
 * existing ones forward (payment pending -> paid; NOT_STARTED -> IN_PROGRESS -> FULFILLED; sometimes a cancel request,
 * then CANCELED), setting their lastModifiedDate to the clock's now.
 */
public final class EbaySeller {

    /** What one tick did: order ids created and ids whose state moved. */
    public record TickResult(List<String> created, List<String> changed) {
    }

    private static final FakeCatalog CATALOG = new FakeCatalog("EB");

    private final String username;
    private final String userId;
    private final int number;
    private final Clock clock;
    private final DemoListings listings;
    private final EbayOrderFactory factory;
    private final EbayOrderStore store;
    private final SplittableRandom tickRandom;
    private final Map<String, List<ShippingFulfillment>> fulfillments = new LinkedHashMap<>();
    private volatile Duration orderSpread = Duration.ofDays(30);
    private volatile int tickNewOrders = 2;
    private volatile int tickStatusChanges = 3;

    EbaySeller(String username, int number, long simulatorSeed, Clock clock) {
        this.username = username;
        this.userId = String.format("%016x", Seeds.mix(simulatorSeed, "ebay-user-id:" + username));
        this.number = number;
        this.clock = clock;
        long seed = Seeds.mix(simulatorSeed, "ebay-seller:" + username);
        this.factory = new EbayOrderFactory(seed, number, username, CATALOG);
        this.store = new EbayOrderStore(factory);
        this.tickRandom = new SplittableRandom(Seeds.mix(seed, "tick"));
        this.listings = DemoListings.generate("ebay", Seeds.mix(seed, "listings"), clock.millis(), 0,
                EbayInventoryApi::issues);
    }

    /** The seller's inventory items and offers ({@code getInventoryItems}, {@code getOffers}). */
    public DemoListings listings() {
        return listings;
    }

    /** The seller's eBay user id (the {@code sellerId} of its orders, and the consent page's sign-in name). */
    public String username() {
        return username;
    }

    /** The seller's immutable eBay user id (what the Commerce Identity API's getUser answers as {@code userId}). */
    public String userId() {
        return userId;
    }

    /** Adds {@code count} orders placed over the order spread (default: the last 30 days) before now. */
    public EbaySeller generateOrders(int count) {
        return generateOrders(count, orderSpread);
    }

    public EbaySeller generateOrders(int count, Duration spread) {
        long now = clock.millis();
        long spreadMillis = Math.max(1, spread.toMillis());
        for (int i = 0; i < count; i++) {
            store.add(index -> factory.initial(index, now, spreadMillis));
        }
        return this;
    }

    public EbaySeller setOrderSpread(Duration spread) {
        this.orderSpread = spread;
        return this;
    }

    /** New orders placed now, paid, nothing shipped; returns their ids. */
    public List<String> addOrders(int count) {
        long now = clock.millis();
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean pending;
            synchronized (tickRandom) {
                pending = tickRandom.nextInt(100) < 5;
            }
            ids.add(store.id(store.add(index -> EbayOrderFactory.fresh(now, pending))));
        }
        return ids;
    }

    /** Sets what {@link #tick()} does (defaults: 2 new orders, 3 status changes). */
    public EbaySeller setTickSize(int newOrders, int statusChanges) {
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
        for (int n = 0; n < statusChanges && existing > 0; n++) {
            int start;
            int draw;
            synchronized (tickRandom) {
                start = tickRandom.nextInt(existing);
                draw = tickRandom.nextInt(100);
            }
            // from a random order onwards, the first one that can still move
            for (int step = 0; step < existing; step++) {
                int index = (start + step) % existing;
                if (!changed.contains(store.id(index)) && advance(index, draw)) {
                    changed.add(store.id(index));
                    break;
                }
            }
        }
        return new TickResult(created, List.copyOf(changed));
    }

    /** Moves one order a step forward now (as a tick would); false when it cannot move (fulfilled or canceled). */
    public boolean advance(String orderId) {
        int index = requireIndex(orderId);
        int draw;
        synchronized (tickRandom) {
            draw = tickRandom.nextInt(100);
        }
        return advance(index, draw);
    }

    public int orderCount() {
        return store.size();
    }

    public String orderId(int index) {
        if (index < 0 || index >= store.size()) {
            throw new IndexOutOfBoundsException(index);
        }
        return store.id(index);
    }

    public List<String> orderIds() {
        return store.ids();
    }

    /** The order as the simulator holds it now. */
    public Optional<EbayOrder> order(String orderId) {
        int index = store.indexOf(orderId);
        return index < 0 ? Optional.empty() : Optional.of(store.order(index));
    }

    /** The order's lastModifiedDate (epoch ms). */
    public long lastModified(String orderId) {
        return store.state(requireIndex(orderId)).modified();
    }

    /** Fulfillments created through {@code createShippingFulfillment} for an order (one per 201), oldest first. */
    public List<ShippingFulfillment> shippingFulfillments(String orderId) {
        synchronized (fulfillments) {
            return List.copyOf(fulfillments.getOrDefault(orderId, List.of()));
        }
    }

    /** How many {@code createShippingFulfillment} calls for an order were accepted. */
    public int shippingFulfillmentCount(String orderId) {
        return shippingFulfillments(orderId).size();
    }

    /** Applies and records a fulfillment: its lines become FULFILLED and the order's lastModifiedDate now. */
    ShippingFulfillment createShippingFulfillment(String orderId, EbayShipping.Request request) {
        int index = store.indexOf(orderId);
        if (index < 0) {
            throw EbayErrors.notFound(orderId);
        }
        long now = clock.millis();
        synchronized (fulfillments) {
            int mask = EbayShipping.lines(store.order(index), request);
            store.update(index, s -> s.pushed(mask, now));
            List<ShippingFulfillment> existing = fulfillments.computeIfAbsent(orderId, k -> new ArrayList<>());
            String id = request.trackingNumber() != null ? request.trackingNumber()
                    : String.valueOf(999 + existing.size());
            ShippingFulfillment created = new ShippingFulfillment(id, orderId, request.lineItems(),
                    request.carrierCode(), request.trackingNumber(), request.shippedDate(), Instant.ofEpochMilli(now));
            existing.add(created);
            return created;
        }
    }

    EbayOrderStore store() {
        return store;
    }

    int number() {
        return number;
    }

    private int requireIndex(String orderId) {
        int index = store.indexOf(orderId);
        if (index < 0) {
            throw new IllegalArgumentException("no order " + orderId + " for seller " + username);
        }
        return index;
    }

    /** One step forward; false when the order is final. */
    private boolean advance(int index, int draw) {
        long now = clock.millis();
        int lines = store.lineCount(index);
        EbayOrderState before = store.state(index);
        if (before.isFinal(lines)) {
            return false;
        }
        EbayOrderState after = store.update(index, s -> {
            if (s.payment() == EbayOrder.Payment.PENDING) {
                return s.paid(now);
            }
            if (s.cancel() == EbayOrder.Cancel.IN_PROGRESS) {
                return s.anyFulfilled() ? s.cancelDeclined(now) : s.canceled(now);
            }
            if (!s.anyFulfilled() && draw < 8) {
                return s.cancelRequested(now);
            }
            if (!s.anyFulfilled() && lines > 1 && draw < 40) {
                return s.fulfilled(1, now);
            }
            return s.fulfilled(lines, now);
        });
        return !after.equals(before);
    }
}
