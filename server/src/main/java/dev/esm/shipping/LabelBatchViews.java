package dev.esm.shipping;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the batch pages and API show. */
public final class LabelBatchViews {

    private LabelBatchViews() {
    }

    /** A batch with its counts, read from its items in the database (so any node shows the same progress). */
    public record Batch(UUID id, String state, int total, int queued, int working, int purchased, int failed,
                        int rateLimited, Instant createdAt, Instant finishedAt, List<Skipped> skipped) {
        public int done() {
            return purchased + failed;
        }

        public int percent() {
            return total == 0 ? 100 : done() * 100 / total;
        }

        public boolean finished() {
            return "DONE".equals(state);
        }
    }

    /**
     * One order of a batch; {@code message} is the provider's (or ESM's) words for a failure; the label's service,
     * cost and tracking push state once bought.
     */
    public record Item(int position, UUID orderId, String marketplaceOrderId, UUID storeId, String state,
                       UUID shipmentId, String trackingCode, String message, int attempts, String service,
                       BigDecimal amount, String currency, String pushState) {
        /** The service in people's words ("USPS Priority Mail"), or null before the label is bought. */
        public String serviceName() {
            return service == null ? null : ShippingServices.name(service);
        }
    }

    /** Every order of a batch with the postage of the labels bought, by currency ("USD" → 42.10). */
    public record BatchResult(Batch batch, List<Item> items, java.util.Map<String, BigDecimal> postage) {
    }

    /**
     * A batch's postage before it starts: for each store, its orders to buy times the average cost of the store's
     * last labels of its default service ({@code basis} labels; none: no estimate for that store).
     */
    public record PostageEstimate(List<StoreEstimate> stores, BigDecimal total, String currency, int estimated,
                                  int unestimated) {
    }

    public record StoreEstimate(UUID storeId, String storeName, String service, int orders, BigDecimal perLabel,
                                String currency, int basis, BigDecimal subtotal) {
        public String serviceName() {
            return service == null ? null : ShippingServices.name(service);
        }
    }

    /** An order a batch will buy a label for, as the confirmation lists it. */
    public record ToBuy(UUID orderId, String marketplaceOrderId, String storeName, int items, java.time.Instant shipBy) {
    }

    public record BatchDetails(Batch batch, List<Item> failures) {
    }

    /** A store among the selected orders, with the choices a batch may make for it. */
    public record StoreChoices(UUID storeId, String storeName, int orders, String defaultService,
                               List<ShippingViews.ShipFrom> addresses, List<ShippingViews.PackagePreset> packages,
                               UUID defaultPackageId, List<String> problems) {
    }

    /**
     * A selected order a batch leaves out, decided before it starts (ADR 0019): {@code code} is the guardrail's
     * (e.g. {@code order-cancelled}), {@code reason} its plain words.
     */
    public record Skipped(UUID orderId, String marketplaceOrderId, String code, String reason) {
    }

    /** What a batch over a selection would do: the orders it buys for, and those it skips with the reason. */
    public record Preview(List<UUID> toBuy, List<Skipped> skipped) {
    }
}
