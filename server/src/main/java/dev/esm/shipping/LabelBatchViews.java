package dev.esm.shipping;

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

    /** One order of a batch; {@code message} is the provider's (or ESM's) words for a failure. */
    public record Item(int position, UUID orderId, String marketplaceOrderId, UUID storeId, String state,
                       UUID shipmentId, String trackingCode, String message, int attempts) {
    }

    public record BatchDetails(Batch batch, List<Item> failures) {
    }

    /** A store among the selected orders, with the choices a batch may make for it. */
    public record StoreChoices(UUID storeId, String storeName, int orders, String defaultService,
                               List<ShippingViews.ShipFrom> addresses, List<ShippingViews.PackagePreset> packages,
                               List<String> problems) {
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
