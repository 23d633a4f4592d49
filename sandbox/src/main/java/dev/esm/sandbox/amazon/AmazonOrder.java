package dev.esm.sandbox.amazon;

import dev.esm.sandbox.FakeBuyer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order as the simulator holds it (immutable; a change replaces it). Times are whole seconds, as Amazon sends
 * them. {@code latestShip} is the ship-by date ({@code fulfillment.shipByWindow.latestDateTime}).
 */
public record AmazonOrder(String orderId, String sellerOrderId, String marketplaceId, Instant createdTime,
                          Instant lastUpdatedTime, AmazonStatus status, String serviceLevel, boolean prime,
                          Instant earliestShip, Instant latestShip, Instant earliestDelivery, Instant latestDelivery,
                          FakeBuyer buyer, String buyerEmail, List<AmazonOrderItem> items,
                          List<AmazonPackage> packages, Extras extras) {

    /**
     * What sets an order apart: fulfilled by Amazon (FBA: {@code fulfillment.fulfilledBy AMAZON}), a business order
     * ({@code programs AMAZON_BUSINESS}), a buyer's cancellation request on its items
     * ({@code cancellation.cancellationRequest}), a gift message ({@code packing.giftOption.giftMessage}).
     */
    public record Extras(boolean fulfilledByAmazon, boolean business, boolean cancelRequested, String giftMessage) {
        public static final Extras NONE = new Extras(false, false, false, null);
    }

    public AmazonOrder {
        items = List.copyOf(items);
        packages = List.copyOf(packages);
        extras = extras == null ? Extras.NONE : extras;
    }

    /** Items plus tax, in cents. */
    public long grandTotalCents() {
        return items.stream().mapToLong(i -> i.lineCents() + i.unitTaxCents() * i.quantityOrdered()).sum();
    }

    public BigDecimal grandTotal() {
        return BigDecimal.valueOf(grandTotalCents(), 2);
    }

    /** The buyer's phone as {@code recipient.deliveryAddress.phone} spells it, e.g. {@code +1 512-555-0147}. */
    public String phone() {
        return AmazonJson.phone(buyer);
    }

    /** True when every package has been delivered (and there is at least one). */
    public boolean delivered() {
        return !packages.isEmpty() && packages.stream().allMatch(p -> "DELIVERED".equals(p.status()));
    }

    AmazonOrder changed(Instant at, AmazonStatus newStatus, List<AmazonOrderItem> newItems,
                        List<AmazonPackage> newPackages) {
        return new AmazonOrder(orderId, sellerOrderId, marketplaceId, createdTime, at, newStatus, serviceLevel, prime,
                earliestShip, latestShip, earliestDelivery, latestDelivery, buyer, buyerEmail, newItems, newPackages,
                newStatus == AmazonStatus.UNSHIPPED || newStatus == AmazonStatus.PENDING ? extras
                        : new Extras(extras.fulfilledByAmazon(), extras.business(), false, extras.giftMessage()));
    }
}
