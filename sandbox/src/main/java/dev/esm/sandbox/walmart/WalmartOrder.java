package dev.esm.sandbox.walmart;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A purchase order as the simulator holds it. Instances handed out by {@link WalmartSeller} are copies: changing
 * them changes nothing in the simulator. {@link #lastModified()} is the simulator's internal modification time that
 * {@code lastModifiedStartDate}/{@code lastModifiedEndDate} filter on; Walmart's Order schema has no such field, so
 * it is not sent on the wire.
 */
public final class WalmartOrder {

    /** {@code PostalAddressType}. */
    public record PostalAddress(String name, String address1, String address2, String city, String state,
                                String postalCode, String country, String addressType) {
    }

    /** {@code ShippingInfoType}; dates are epoch ms, estimatedShipDate is the ship-by date. */
    public record ShippingInfo(String phone, long estimatedDeliveryDate, long estimatedShipDate, String methodCode,
                               PostalAddress postalAddress) {
    }

    private final String purchaseOrderId;
    private final String customerOrderId;
    private final String customerEmailId;
    private final long orderDate;
    private final ShippingInfo shippingInfo;
    private final List<WalmartOrderLine> lines;
    private long lastModified;

    WalmartOrder(String purchaseOrderId, String customerOrderId, String customerEmailId, long orderDate,
                 ShippingInfo shippingInfo, List<WalmartOrderLine> lines, long lastModified) {
        this.purchaseOrderId = purchaseOrderId;
        this.customerOrderId = customerOrderId;
        this.customerEmailId = customerEmailId;
        this.orderDate = orderDate;
        this.shippingInfo = shippingInfo;
        this.lines = List.copyOf(lines);
        this.lastModified = lastModified;
    }

    WalmartOrder copy() {
        return new WalmartOrder(purchaseOrderId, customerOrderId, customerEmailId, orderDate, shippingInfo,
                lines.stream().map(WalmartOrderLine::copy).toList(), lastModified);
    }

    public String purchaseOrderId() {
        return purchaseOrderId;
    }

    /**
     * True when Walmart fulfils the order from its own warehouses (WFS, {@code shipNode.type WFSFulfilled}): one
     * order in ten, chosen by its id so a run always shows the same ones.
     */
    public boolean fulfilledByWalmart() {
        return Math.floorMod(dev.esm.sandbox.Seeds.mix(0L, "wfs|" + purchaseOrderId()), 100L) < 10;
    }

    /** True when the order replaces an earlier one ({@code orderType REPLACEMENT}): one order in twenty. */
    public boolean replacement() {
        return Math.floorMod(dev.esm.sandbox.Seeds.mix(0L, "replacement|" + purchaseOrderId()), 100L) < 5;
    }

    public String customerOrderId() {
        return customerOrderId;
    }

    public String customerEmailId() {
        return customerEmailId;
    }

    public long orderDate() {
        return orderDate;
    }

    public ShippingInfo shippingInfo() {
        return shippingInfo;
    }

    public List<WalmartOrderLine> lines() {
        return Collections.unmodifiableList(lines);
    }

    public Optional<WalmartOrderLine> line(String lineNumber) {
        return lines.stream().filter(l -> l.lineNumber().equals(lineNumber)).findFirst();
    }

    public long lastModified() {
        return lastModified;
    }

    void lastModified(long millis) {
        this.lastModified = millis;
    }

    /** Whether any line has a unit in this status. */
    public boolean hasStatus(WalmartStatus status) {
        return (statusMask() & status.bit()) != 0;
    }

    int statusMask() {
        int mask = 0;
        for (WalmartOrderLine line : lines) {
            mask |= line.statusMask();
        }
        return mask;
    }
}
