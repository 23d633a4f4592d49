package dev.esm.shipping;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.esm.TestOperators;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.orders.OrderFilter;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartStatus;
import dev.esm.shared.Marketplace;
import dev.esm.shipping.ShippingCommands.PackageCommand;
import dev.esm.shipping.ShippingCommands.ShipFromCommand;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;
import org.springframework.boot.test.context.TestComponent;

/**
 * A shipping-ready store for a test: an operator, a Walmart store synced from the simulator with some orders (buyers
 * included), its own EasyPost API key on the EasyPost simulator (so purchases are counted per test), one verified
 * ship-from address and one package preset.
 */
@TestComponent
public class TestShipping {

    private final TestOperators operators;
    private final Stores stores;
    private final SyncOrders sync;
    private final OrderQueries orders;
    private final ShippingSettings settings;

    TestShipping(TestOperators operators, Stores stores, SyncOrders sync, OrderQueries orders,
                 ShippingSettings settings) {
        this.operators = operators;
        this.stores = stores;
        this.sync = sync;
        this.orders = orders;
        this.settings = settings;
    }

    public record Shop(TestOperator owner, UUID store, String apiKey, UUID shipFrom, UUID box, List<UUID> orders,
                       WalmartSeller seller) {
        public <T> T as(java.util.function.Supplier<T> work) {
            return ActingOperator.runAs(owner.id(), work);
        }

        /** The order's Walmart purchase order id. */
        public String purchaseOrderId(OrderQueries queries, UUID order) {
            return as(() -> queries.summary(order).marketplaceOrderId());
        }

        /**
         * Orders awaiting shipment by the seller (they get labels, ADR 0019) whose every line Walmart still has to ship
         * (a tracking push is accepted), at most {@code max}.
         */
        public List<UUID> unshipped(OrderQueries queries, int max) {
            List<UUID> found = new ArrayList<>();
            for (UUID order : orders) {
                if (!as(() -> ShippingGuardrails.awaitingShipment(queries.summary(order)))) {
                    continue;
                }
                var lines = seller.order(purchaseOrderId(queries, order)).orElseThrow().lines();
                if (lines.stream().allMatch(l -> l.statuses().stream().allMatch(st -> st.status()
                        == WalmartStatus.CREATED || st.status() == WalmartStatus.ACKNOWLEDGED)) && found.size() < max) {
                    found.add(order);
                }
            }
            if (found.size() < max) {
                throw new IllegalStateException("only " + found.size() + " unshipped orders");
            }
            return found;
        }

        /** An order Walmart will not let ship (all lines cancelled or delivered): a push is rejected. */
        public UUID unshippable(OrderQueries queries) {
            for (UUID order : orders) {
                var lines = seller.order(purchaseOrderId(queries, order)).orElseThrow().lines();
                if (lines.stream().allMatch(l -> l.statuses().stream().allMatch(st -> st.status()
                        == WalmartStatus.CANCELLED || st.status() == WalmartStatus.DELIVERED))) {
                    return order;
                }
            }
            throw new IllegalStateException("no cancelled or delivered order");
        }

        /**
         * A delivered order the seller shipped (all lines delivered at Walmart): ESM labels it only as a deliberate
         * reshipment (ADR 0019), and Walmart refuses the tracking push of such a label.
         */
        public UUID delivered(OrderQueries queries) {
            for (UUID order : orders) {
                var summary = as(() -> queries.summary(order));
                var lines = seller.order(summary.marketplaceOrderId()).orElseThrow().lines();
                if (summary.fulfilledBy() == dev.esm.shared.FulfilledBy.SELLER && lines.stream().allMatch(l ->
                        l.statuses().stream().allMatch(st -> st.status() == WalmartStatus.DELIVERED))) {
                    return order;
                }
            }
            throw new IllegalStateException("no delivered order");
        }

        public long purchases() {
            return TestSandbox.easypost().purchases(apiKey);
        }

        /**
         * Buy requests that reached the EasyPost simulator with this shop's key, whatever their answer: with
         * {@code honourRebuys(true)} a duplicate buy call would be counted here (and bought), not refused unseen.
         */
        public long buyRequests() {
            return TestSandbox.easypost().account(apiKey).orElseThrow()
                    .requests(dev.esm.sandbox.easypost.EasyPostSimulator.OP_SHIPMENT_BUY);
        }
    }

    /**
     * A second store of the shop's owner (another Walmart seller account with {@code orderCount} orders), synced, with
     * the shop's API key and no address or preset of its own: it ships with the owner's shared ones (ADR 37). The
     * returned shop's orders are the second store's orders awaiting shipment.
     */
    public Shop secondStore(Shop shop, String name, int orderCount) {
        String clientId = "ship-" + UUID.randomUUID();
        WalmartSeller seller = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        seller.generateOrders(orderCount, Duration.ofDays(3));
        return shop.as(() -> {
            UUID store = stores.add(Marketplace.WALMART, name, new StoreCredentials.Walmart(clientId,
                    seller.clientSecret()), "test").id();
            sync.sync(store);
            settings.setApiKey(store, shop.apiKey(), "test");
            var all = all(store);
            for (int round = 0; round < 10 && all.stream().noneMatch(ShippingGuardrails::awaitingShipment); round++) {
                seller.addOrders(orderCount);
                sync.sync(store);
                all = all(store);
            }
            List<UUID> ids = all.stream().filter(ShippingGuardrails::awaitingShipment)
                    .map(dev.esm.orders.OrderViews.OrderSummary::id).toList();
            return new Shop(shop.owner(), store, shop.apiKey(), shop.shipFrom(), shop.box(), ids, seller);
        });
    }

    private List<dev.esm.orders.OrderViews.OrderSummary> all(UUID store) {
        List<dev.esm.orders.OrderViews.OrderSummary> out = new ArrayList<>();
        String after = null;
        do {
            var page = orders.list(new OrderFilter(store, null, null, null, null, false, false, null,
                    OrderFilter.MAX_LIMIT, after));
            out.addAll(page.items());
            after = page.next();
        } while (after != null);
        return out;
    }

    /**
     * The seller has a seller-fulfilled order Walmart cancelled in full, one it delivered in full and one fulfilled by
     * Walmart (see {@link Shop#unshippable} and {@link Shop#delivered}).
     */
    private static boolean hasEveryRefusedKind(WalmartSeller seller) {
        boolean cancelled = false;
        boolean delivered = false;
        boolean byWalmart = false;
        for (String id : seller.purchaseOrderIds()) {
            var order = seller.order(id).orElseThrow();
            if (order.fulfilledByWalmart()) {
                byWalmart = true;
            } else if (allLines(order, WalmartStatus.CANCELLED)) {
                cancelled = true;
            } else if (allLines(order, WalmartStatus.DELIVERED)) {
                delivered = true;
            }
        }
        return cancelled && delivered && byWalmart;
    }

    private static boolean allLines(dev.esm.sandbox.walmart.WalmartOrder order, WalmartStatus status) {
        return order.lines().stream().allMatch(l -> l.statuses().stream().allMatch(st -> st.status() == status));
    }

    public Shop shop(String name, int orderCount) {
        return shop(name, orderCount, Duration.ofDays(3));
    }

    /**
     * A shop whose orders were placed over {@code spread}: over two weeks about one order in five is delivered or
     * cancelled (see {@link Shop#unshippable}), and at least one order of each kind the guardrails refuse is there;
     * over three days most are still to ship.
     */
    public Shop shop(String name, int orderCount, Duration spread) {
        TestOperator owner = operators.create(name);
        String clientId = "ship-" + UUID.randomUUID();
        WalmartSeller seller = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        seller.generateOrders(orderCount, spread);
        // orders come from a seed made of the random client id: over a long spread, more are placed until each kind the
        // guardrails refuse is there at least once, so no test depends on the luck of the draw
        for (int round = 0; round < 20 && spread.compareTo(Duration.ofDays(3)) > 0 && !hasEveryRefusedKind(seller);
                round++) {
            seller.generateOrders(orderCount, spread);
        }
        String apiKey = "EZTK" + UUID.randomUUID().toString().replace("-", "");
        TestSandbox.easypost().registerApiKey(apiKey);
        return ActingOperator.runAs(owner.id(), () -> {
            UUID store = stores.add(Marketplace.WALMART, name + " store",
                    new StoreCredentials.Walmart(clientId, seller.clientSecret()), "test").id();
            sync.sync(store);
            settings.setApiKey(store, apiKey, "test");
            UUID shipFrom = settings.addShipFrom(store, new ShipFromCommand("Warehouse", "Shipping Dept",
                    name + " Goods", "215 Clayton St", null, "San Francisco", "CA", "94117", "US", "4155550100", true),
                    "test").id();
            UUID box = settings.addPackage(store, new PackageCommand("Small box", new BigDecimal("15.4"),
                    new BigDecimal("10"), new BigDecimal("8"), new BigDecimal("4")), "test").id();
            List<UUID> ids = new ArrayList<>();
            // the orders awaiting shipment by the seller first (ADR 0019: only those get labels), then the others;
            // over a short spread, new orders are placed until orderCount of them await shipment
            var all = all(store);
            for (int round = 0; round < 10 && spread.compareTo(Duration.ofDays(3)) <= 0; round++) {
                long awaiting = all.stream().filter(ShippingGuardrails::awaitingShipment).count();
                if (awaiting >= orderCount) {
                    break;
                }
                seller.addOrders((int) (orderCount - awaiting));
                sync.sync(store);
                all = all(store);
            }
            all.stream().filter(ShippingGuardrails::awaitingShipment).forEach(o -> ids.add(o.id()));
            all.stream().filter(o -> !ShippingGuardrails.awaitingShipment(o)).forEach(o -> ids.add(o.id()));
            return new Shop(owner, store, apiKey, shipFrom, box, ids, seller);
        });
    }
}
