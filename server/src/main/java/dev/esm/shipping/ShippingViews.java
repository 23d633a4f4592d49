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

    public record Settings(UUID storeId, String storeName, boolean ownedByMe, boolean apiKeySet,
                           String defaultService, LabelFormat labelFormat, List<ShipFrom> addresses,
                           List<PackagePreset> packages) {
    }

    /** A ship-from address as the provider verified and normalized it (the seller's own address, not a buyer's). */
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
                           String refundStatus, Instant voidedAt, String lastError) {
    }

    /** The order's shipping: its live shipment (if any) and earlier, voided ones. */
    public record OrderShipping(UUID orderId, UUID storeId, Shipment current, List<Shipment> voided) {
    }

    public record Document(String fileName, String contentType, byte[] content) {
    }
}
