package dev.esm.orders;

/** ESM's status of an order across marketplaces. */
public enum OrderStatus {
    /** paid and waiting to be shipped (Walmart Created/Acknowledged, Amazon Unshipped, eBay NOT_STARTED) */
    UNSHIPPED,
    PARTIALLY_SHIPPED,
    SHIPPED,
    DELIVERED,
    CANCELLED,
    /** not yet payable or otherwise not actionable (Amazon Pending) */
    PENDING
}
