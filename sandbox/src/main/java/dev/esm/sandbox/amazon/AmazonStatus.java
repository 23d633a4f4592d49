package dev.esm.sandbox.amazon;

/**
 * Order fulfillment statuses as Orders API v2026-01-01 spells them ({@code FulfillmentStatus}); {@link #v0()} is the
 * older v0 spelling (Pending, Unshipped, PartiallyShipped, Shipped, Canceled) for people who know those.
 */
public enum AmazonStatus {
    PENDING("Pending"),
    UNSHIPPED("Unshipped"),
    PARTIALLY_SHIPPED("PartiallyShipped"),
    SHIPPED("Shipped"),
    CANCELLED("Canceled");

    private final String v0;

    AmazonStatus(String v0) {
        this.v0 = v0;
    }

    /** The v2026 wire value ({@code fulfillment.fulfillmentStatus}). */
    public String wire() {
        return name();
    }

    public String v0() {
        return v0;
    }
}
