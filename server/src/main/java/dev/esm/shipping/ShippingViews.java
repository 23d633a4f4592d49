package dev.esm.shipping;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.esm.shipping.spi.LabelFormat;
import dev.esm.shipping.spi.Rate;

/** What the shipping pages and API show. Never the provider API key, only whether it is set. */
public final class ShippingViews {

    private ShippingViews() {
    }

    /**
     * A store's settings. {@code addresses} and {@code packages} are its owner's shared lists (ADR 37), the store's
     * default address first and marked {@code isDefault}; {@code defaultPackageId} the store's default preset or null.
     */
    public record Settings(UUID storeId, String storeName, boolean ownedByMe, boolean apiKeySet,
                           String defaultService, LabelFormat labelFormat, List<ShipFrom> addresses,
                           List<PackagePreset> packages, UUID defaultPackageId) {

        /** The store's default address, else its owner's first one; null when the owner has none. */
        public ShipFrom defaultAddress() {
            return addresses.isEmpty() ? null : addresses.get(0);
        }

        /** The store's default preset, or null. */
        public PackagePreset defaultPackage() {
            return packages.stream().filter(p -> p.id().equals(defaultPackageId)).findFirst().orElse(null);
        }
    }

    /** The acting operator's shared addresses and presets, and each of its stores' defaults among them. */
    public record Shared(List<ShipFrom> addresses, List<PackagePreset> packages, List<StoreDefaults> stores) {
    }

    /** One store's defaults (null: none chosen; then its labels start from the first address and no preset). */
    public record StoreDefaults(UUID storeId, String storeName, UUID shipFromId, UUID packageId, boolean apiKeySet) {
    }

    /**
     * A ship-from address as the provider verified and normalized it (the seller's own address, not a buyer's);
     * {@code isDefault}: the default of the store it is shown for (always false in the operator's shared list).
     */
    public record ShipFrom(UUID id, String label, String name, String company, String street1, String street2,
                           String city, String state, String zip, String country, String phone,
                           boolean isDefault, Instant verifiedAt) {
    }

    public record PackagePreset(UUID id, String name, BigDecimal weightOz, BigDecimal lengthIn, BigDecimal widthIn,
                                BigDecimal heightIn) {
    }

    /** Where one package's label stands. */
    public enum State {
        /** Rated at the provider, nothing bought. */
        RATED,
        /** The buy is journaled and under way, or its answer was lost and it is being confirmed. */
        BUYING,
        /** The label is bought. */
        PURCHASED,
        /** The label was voided (its refund asked for). */
        VOIDED
    }

    public record Shipment(UUID id, UUID orderId, UUID storeId, int packageNo, int attempt, String reference,
                           State state, List<Rate> rates, String rateId, String carrier, String service,
                           BigDecimal amount, String currency, String trackingCode, LabelFormat labelFormat,
                           boolean labelStored, BigDecimal weightOz, Instant buyStartedAt, Instant purchasedAt,
                           String refundStatus, Instant voidedAt, String lastError, PushStatus push,
                           String reshipReason) {
        /** A deliberate reshipment (replacement) of a shipped or delivered order (ADR 0019). */
        public boolean reship() {
            return reshipReason != null;
        }
    }

    /** Where telling the marketplace a label's tracking stands (the tracking push outbox, ADR 10). */
    public enum PushState {
        /** Waiting for its (next) attempt. */
        PENDING,
        /** A node is pushing it now. */
        PUSHING,
        /** The marketplace has the tracking. */
        SUCCEEDED,
        /** Given up (the label was voided first, or too many attempts); may be retried. */
        FAILED,
        /** The marketplace refused it; its answer is in {@code lastError}; may be retried. */
        REJECTED
    }

    /**
     * The tracking push of a shipment.
     *
     * @param waitingForReconnect the store's credentials were refused: the push waits until the store is reconnected
     * @param lastError           the last failure, in the marketplace's words when it refused (no buyer data)
     * @param marketplaceAnswer   what the marketplace answered to the push that succeeded
     * @param updatedAt           when its state last changed
     */
    public record PushStatus(UUID id, PushState state, String trackingNumber, int attempts, Instant nextAttemptAt,
                             boolean waitingForReconnect, String lastError, String marketplaceReference,
                             String marketplaceAnswer, Instant pushedAt, Instant createdAt, Instant updatedAt) {

        /** When what its state says happened: pushed, else its last change. */
        public Instant at() {
            return state == PushState.SUCCEEDED && pushedAt != null ? pushedAt
                    : updatedAt != null ? updatedAt : createdAt;
        }

        /** Whether the operator may ask for another push ("retry push"). */
        public boolean retryable() {
            return state == PushState.REJECTED || state == PushState.FAILED;
        }
    }

    /** The order's shipping: its live shipment (if any) and earlier, voided ones. */
    public record OrderShipping(UUID orderId, UUID storeId, Shipment current, List<Shipment> voided) {

        /**
         * Every label bought, every void (with its refund) and every tracking push of the order's shipments, newest
         * first (at the same instant: the push, then the void, then the buy).
         */
        public List<LabelEvent> history() {
            List<LabelEvent> events = new java.util.ArrayList<>();
            java.util.stream.Stream.concat(java.util.stream.Stream.ofNullable(current), voided.stream()).forEach(s -> {
                if (s.purchasedAt() != null) {
                    events.add(new LabelEvent(s.purchasedAt(), LabelEvent.Kind.BOUGHT, s));
                }
                if (s.voidedAt() != null) {
                    events.add(new LabelEvent(s.voidedAt(), LabelEvent.Kind.VOIDED, s));
                }
                if (s.push() != null && s.push().at() != null) {
                    events.add(new LabelEvent(s.push().at(), LabelEvent.Kind.PUSH, s));
                }
            });
            events.sort(java.util.Comparator.comparing(LabelEvent::at).thenComparing(LabelEvent::kind).reversed());
            return events;
        }
    }

    /** One line of an order's label history: a label bought, voided, or its tracking pushed, at {@code at}. */
    public record LabelEvent(Instant at, Kind kind, Shipment shipment) {

        /** In the order ties are shown, last first. */
        public enum Kind {
            BOUGHT, VOIDED, PUSH
        }

        /** The refund of a voided label in plain words. */
        public String refund() {
            String status = shipment.refundStatus();
            return status == null ? "refund asked for" : switch (status) {
                case "SUBMITTED" -> "refund requested, waiting for the carrier";
                case "REFUNDED" -> "refunded";
                case "REJECTED" -> "refund refused by the carrier";
                case "NONE" -> "no refund";
                default -> "refund " + status.toLowerCase(java.util.Locale.ROOT);
            };
        }

        /** The push's state in plain words. */
        public String pushState() {
            PushStatus push = shipment.push();
            return switch (push.state()) {
                case PENDING -> push.waitingForReconnect() ? "waiting until the store is reconnected"
                        : push.attempts() == 0 ? "waiting to be sent" : "to be tried again";
                case PUSHING -> "being sent";
                case SUCCEEDED -> "sent";
                case FAILED -> "not sent (given up)";
                case REJECTED -> "refused by the marketplace";
            };
        }

        /** What the marketplace said: its answer to a push that succeeded, else the last error; null for nothing. */
        public String marketplaceMessage() {
            PushStatus push = shipment.push();
            return push.marketplaceAnswer() != null ? push.marketplaceAnswer() : push.lastError();
        }
    }

    public record Document(String fileName, String contentType, byte[] content) {
    }
}
