package dev.esm.orders;

import dev.esm.shared.FulfilledBy;
import dev.esm.shared.OrderFlag;
import dev.esm.shared.OrderStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.esm.shared.Marketplace;
import dev.esm.privacy.ErasureReason;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the order pages and the API show. */
public final class OrderViews {

    private OrderViews() {
    }

    /**
     * One order in a list and at the top of its page.
     *
     * @param marketplaceStatus the marketplace's own word beside ESM's {@code status}
     * @param total             the order total exactly as the marketplace stated it (taxes included; see
     *                          {@code charges} for the parts)
     * @param fulfilledBy       MARKETPLACE for Amazon FBA and Walmart WFS orders, which the seller does not ship
     * @param requestedService  the shipping service the buyer paid for, in the marketplace's words
     */
    public record OrderSummary(UUID id, UUID storeId, String storeName, Marketplace marketplace,
                               String marketplaceOrderId, OrderStatus status, String marketplaceStatus,
                               Instant orderedAt, Instant shipBy, BigDecimal total, String currency, int items,
                               boolean late, boolean atRisk, Instant deliverBy, FulfilledBy fulfilledBy,
                               String requestedService, Set<OrderFlag> flags, Charges charges) {
    }

    /**
     * The parts of an order's or a line's amount, exactly as sent, in the order's currency; null where the
     * marketplace does not say. Discounts and refunds are negative. {@code marketplaceTax} is collected and remitted
     * by the marketplace: it is not the seller's revenue.
     */
    public record Charges(BigDecimal itemSubtotal, BigDecimal shipping, BigDecimal sellerTax, BigDecimal marketplaceTax,
                          BigDecimal discount, BigDecimal fees, BigDecimal refunded, BigDecimal payout) {
    }

    public record OrderPage(List<OrderSummary> items, String next) {
    }

    /**
     * @param unitPrice        exactly as sent (three decimals when the marketplace sends them)
     * @param unitPriceDerived true when the marketplace sent no unit price and it was derived from the line's amount
     * @param variation        the variation bought, "Color: Blue; Size: M"
     */
    public record Line(String lineNumber, String sku, String title, int quantity, BigDecimal unitPrice, String status,
                       boolean unitPriceDerived, String variation, String condition, Charges charges) {
    }

    public record StatusChange(Instant at, OrderStatus status, String marketplaceStatus) {
    }

    /** The buyer as shown before a reveal: initials and the region only. */
    public record MaskedBuyer(String initials, String state, String postalCodePrefix, String phoneEnding) {
    }

    /** The buyer in full, shown only on an explicit, audited reveal. */
    public record Buyer(String name, String address1, String address2, String city, String state, String postalCode,
                        String country, String phone, String giftMessage) {
        @Override
        public String toString() {
            return "Buyer[redacted]";
        }
    }

    /**
     * One order in full. {@code buyer} is the masked buyer while ESM holds it; {@code buyerRemoved} says when and why
     * its data was removed for good (then {@code buyer} is null and stays null: later syncs do not bring it back).
     */
    public record OrderDetails(OrderSummary summary, List<Line> lines, List<StatusChange> history,
                               MaskedBuyer buyer, Instant firstSeenAt, Instant updatedAt,
                               @Schema(description = "Set when the buyer's details (name, address, phone, gift "
                                       + "message) were removed for good: after the retention period, on the store "
                                       + "owner's request, or because the buyer closed their marketplace account; "
                                       + "null while they are held or were never provided.", nullable = true)
                               BuyerRemoved buyerRemoved) {
    }

    /** When (UTC) and why an order's buyer data was removed. */
    public record BuyerRemoved(Instant at, ErasureReason reason) {

        /** The reason in plain words for the order page. */
        public String reasonInWords() {
            return switch (reason) {
                case RETENTION -> "the retention period after the order was done ended";
                case OPERATOR_REQUEST -> "the store's owner erased them on request";
                case MARKETPLACE_ACCOUNT_DELETION -> "the buyer closed their marketplace account";
            };
        }
    }
}
