package dev.esm.orders.spi;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.esm.orders.OrderStatus;

/**
 * An order as a marketplace reports it, already mapped out of the marketplace's wire format.
 *
 * @param marketplaceOrderId the marketplace's id (Walmart purchaseOrderId, Amazon orderId, eBay orderId)
 * @param marketplaceStatus  the marketplace's own status word(s)
 * @param lastModifiedAt     the marketplace's last change of the order
 */
public record MarketplaceOrder(String marketplaceOrderId, OrderStatus status, String marketplaceStatus,
                               Instant orderedAt, Instant shipBy, Instant deliverBy, Instant lastModifiedAt,
                               String currency, BigDecimal total, List<Line> lines, Buyer buyer) {

    public MarketplaceOrder {
        lines = List.copyOf(lines);
    }

    /** An order line; {@code unitPrice} is per unit, in the order's currency. */
    public record Line(String lineNumber, String sku, String title, int quantity, BigDecimal unitPrice, String status) {
    }

    /** The buyer's name, shipping address and phone: personal data. {@link #toString()} never shows it. */
    public record Buyer(String name, String address1, String address2, String city, String state, String postalCode,
                        String country, String phone) {
        @Override
        public String toString() {
            return "Buyer[redacted]";
        }
    }

    @Override
    public String toString() {
        return "MarketplaceOrder[" + marketplaceOrderId + ", " + status + ", " + lines.size() + " lines]";
    }
}
