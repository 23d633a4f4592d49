package dev.esm.sandbox.ebay;

import dev.esm.sandbox.FakeBuyer;

import java.util.List;

/**
 * One order as the simulator holds it now (a fresh copy on every read). Times are epoch milliseconds, money is in
 * US cents. The wire form is built by {@code EbayJson}.
 *
 * @param shipTo  the invented buyer and ship-to address
 * @param email   the buyer's masked relay address (returned only for 14 days after the order was placed)
 * @param taxCents sales tax eBay collects and remits, included in the total
 */
public record EbayOrder(String orderId, String legacyOrderId, String sellerUsername, long creationDate,
                        long lastModifiedDate, Payment paymentStatus, Cancel cancelState, String buyerUsername,
                        FakeBuyer shipTo, String email, String shippingCarrierCode, String shippingServiceCode,
                        long minEstimatedDeliveryDate, long maxEstimatedDeliveryDate, long deliveryCostCents,
                        long taxCents, String trackingNumber, List<LineItem> lineItems) {

    /** {@code orderFulfillmentStatus} and {@code lineItemFulfillmentStatus} values. */
    public enum Fulfillment { NOT_STARTED, IN_PROGRESS, FULFILLED }

    /** {@code orderPaymentStatus} values the simulator uses. */
    public enum Payment { PENDING, PAID, FULLY_REFUNDED }

    /** {@code cancelStatus.cancelState} values. */
    public enum Cancel { NONE_REQUESTED, IN_PROGRESS, CANCELED }

    /** A line: {@code lineItemCost} is unit price times quantity; {@code shipByDate} is the line's ship-by time. */
    public record LineItem(String lineItemId, String legacyItemId, String sku, String title, int quantity,
                           long unitPriceCents, long taxCents, long deliveryCostCents, long shipByDate,
                           Fulfillment status) {

        public long lineItemCostCents() {
            return unitPriceCents * quantity;
        }

        public long totalCents() {
            return lineItemCostCents() + taxCents + deliveryCostCents;
        }
    }

    public EbayOrder {
        lineItems = List.copyOf(lineItems);
    }

    /** NOT_STARTED when no line is fulfilled, FULFILLED when all are, IN_PROGRESS in between. */
    public Fulfillment fulfillmentStatus() {
        long done = lineItems.stream().filter(l -> l.status() == Fulfillment.FULFILLED).count();
        return done == 0 ? Fulfillment.NOT_STARTED : done == lineItems.size() ? Fulfillment.FULFILLED
                : Fulfillment.IN_PROGRESS;
    }

    public long subtotalCents() {
        return lineItems.stream().mapToLong(LineItem::lineItemCostCents).sum();
    }

    public long totalCents() {
        return subtotalCents() + deliveryCostCents + taxCents;
    }

    /** True when eBay holds the payment of this order ({@code paymentHolds[].holdState HELD}). */
    public boolean paymentHeld() {
        return EbayJson.paymentHeld(this);
    }

    /** eBay's fees on the order ({@code totalMarketplaceFee}), in cents. */
    public long marketplaceFeeCents() {
        return EbayJson.marketplaceFeeCents(this);
    }

    /** The line's variation ({@code variationAspects}) as "Color: Blue; Size: M", or null. */
    public static String variation(LineItem line) {
        return EbayJson.variation(line);
    }

    /** True when the order qualifies for eBay Guaranteed Delivery. */
    public boolean guaranteedDelivery() {
        return EbayJson.guaranteedDelivery(this);
    }

    /** The earliest ship-by time of the order's lines. */
    public long shipByDate() {
        return lineItems.stream().mapToLong(LineItem::shipByDate).min().orElse(creationDate);
    }
}
