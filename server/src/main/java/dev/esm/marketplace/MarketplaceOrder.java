package dev.esm.marketplace;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.esm.shared.FulfilledBy;
import dev.esm.shared.OrderFlag;
import dev.esm.shared.OrderStatus;

/**
 * An order as a marketplace reports it, already mapped out of the marketplace's wire format. Amounts are exactly as
 * sent (never rounded; see ADR 0017).
 *
 * @param marketplaceOrderId the marketplace's id (Walmart purchaseOrderId, Amazon orderId, eBay orderId)
 * @param marketplaceStatus  the marketplace's own word for the status that decided {@code status}, one word, never
 *                           a list (Walmart's least advanced open line status, Amazon {@code fulfillmentStatus}, eBay
 *                           {@code orderFulfillmentStatus}, or the cancel or hold state that overrides it)
 * @param lastModifiedAt     the marketplace's last change of the order
 * @param total              the order's total as the marketplace states it (what the buyer paid, taxes included)
 */
public record MarketplaceOrder(String marketplaceOrderId, OrderStatus status, String marketplaceStatus,
                               Instant orderedAt, Instant shipBy, Instant deliverBy, Instant lastModifiedAt,
                               String currency, BigDecimal total, List<Line> lines, Buyer buyer, Details details) {

    public MarketplaceOrder {
        lines = List.copyOf(lines);
        details = details == null ? Details.NONE : details;
    }

    public MarketplaceOrder(String marketplaceOrderId, OrderStatus status, String marketplaceStatus, Instant orderedAt,
                            Instant shipBy, Instant deliverBy, Instant lastModifiedAt, String currency,
                            BigDecimal total, List<Line> lines, Buyer buyer) {
        this(marketplaceOrderId, status, marketplaceStatus, orderedAt, shipBy, deliverBy, lastModifiedAt, currency,
                total, lines, buyer, Details.NONE);
    }

    /**
     * What the seller needs beyond status and dates.
     *
     * @param requestedService the shipping service the buyer paid for, in the marketplace's words (Walmart
     *                         {@code methodCode}, Amazon {@code fulfillmentServiceLevel}, eBay
     *                         {@code shippingServiceCode})
     * @param charges          the order's parts: the lines' sum plus what only the order carries (fees, payout)
     */
    public record Details(FulfilledBy fulfilledBy, Charges charges, String requestedService, Set<OrderFlag> flags) {

        public static final Details NONE = new Details(FulfilledBy.SELLER, Charges.NONE, null, Set.of());

        public Details {
            fulfilledBy = fulfilledBy == null ? FulfilledBy.SELLER : fulfilledBy;
            charges = charges == null ? Charges.NONE : charges;
            flags = flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        }
    }

    /**
     * An order line; {@code unitPrice} is per unit, in the order's currency, exactly as sent (Amazon sends
     * {@code "22.495"}), or derived from the line's amount when {@code unitPriceDerived}.
     *
     * @param variation the variation bought, "Color: Blue; Size: M" (eBay {@code variationAspects})
     * @param condition the item's condition in the marketplace's words (Amazon {@code conditionType}/{@code Subtype})
     */
    public record Line(String lineNumber, String sku, String title, int quantity, BigDecimal unitPrice, String status,
                       boolean unitPriceDerived, Charges charges, String variation, String condition) {

        public Line {
            charges = charges == null ? Charges.NONE : charges;
        }

        public Line(String lineNumber, String sku, String title, int quantity, BigDecimal unitPrice, String status) {
            this(lineNumber, sku, title, quantity, unitPrice, status, false, Charges.NONE, null, null);
        }
    }

    /**
     * The buyer's name, shipping address, phone and gift message: personal data, sealed in the vault.
     * {@link #toString()} never shows it.
     *
     * @param accounts the buyer's marketplace account, in the adapter's own normalised forms (e.g. {@code username:...},
     *                 {@code userId:...}), kept only as keyed hashes (the buyer-account index, {@link #ACCOUNT_INDEX}) so a
     *                 marketplace's {@link AccountDeletion} finds the buyer's orders; not sealed with the rest
     */
    public record Buyer(String name, String address1, String address2, String city, String state, String postalCode,
                        String country, String phone, String giftMessage,
                        @com.fasterxml.jackson.annotation.JsonIgnore List<String> accounts) {

        /** The blind-index purpose of {@link #accounts}. */
        public static final String ACCOUNT_INDEX = "buyer-account";

        public Buyer {
            accounts = accounts == null ? List.of() : List.copyOf(accounts);
        }

        public Buyer(String name, String address1, String address2, String city, String state, String postalCode,
                     String country, String phone, String giftMessage) {
            this(name, address1, address2, city, state, postalCode, country, phone, giftMessage, List.of());
        }

        public Buyer(String name, String address1, String address2, String city, String state, String postalCode,
                     String country, String phone) {
            this(name, address1, address2, city, state, postalCode, country, phone, null);
        }

        public Buyer withGiftMessage(String message) {
            return new Buyer(name, address1, address2, city, state, postalCode, country, phone, message, accounts);
        }

        public Buyer withAccounts(List<String> accounts) {
            return new Buyer(name, address1, address2, city, state, postalCode, country, phone, giftMessage, accounts);
        }

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
