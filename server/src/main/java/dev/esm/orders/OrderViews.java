package dev.esm.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.esm.shared.Marketplace;

/** What the order pages and the API show. */
public final class OrderViews {

    private OrderViews() {
    }

    public record OrderSummary(UUID id, UUID storeId, String storeName, Marketplace marketplace,
                               String marketplaceOrderId, OrderStatus status, String marketplaceStatus,
                               Instant orderedAt, Instant shipBy, BigDecimal total, String currency, int items,
                               boolean late, boolean atRisk) {
    }

    public record OrderPage(List<OrderSummary> items, String next) {
    }

    public record Line(String lineNumber, String sku, String title, int quantity, BigDecimal unitPrice, String status) {
    }

    public record StatusChange(Instant at, OrderStatus status, String marketplaceStatus) {
    }

    /** The buyer as shown before a reveal: initials and the region only. */
    public record MaskedBuyer(String initials, String state, String postalCodePrefix, String phoneEnding) {
    }

    /** The buyer in full, shown only on an explicit, audited reveal. */
    public record Buyer(String name, String address1, String address2, String city, String state, String postalCode,
                        String country, String phone) {
        @Override
        public String toString() {
            return "Buyer[redacted]";
        }
    }

    public record OrderDetails(OrderSummary summary, List<Line> lines, List<StatusChange> history,
                               MaskedBuyer buyer, Instant firstSeenAt, Instant updatedAt) {
    }
}
