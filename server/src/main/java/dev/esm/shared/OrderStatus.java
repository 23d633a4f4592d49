package dev.esm.shared;

/**
 * ESM's one status vocabulary across marketplaces; the marketplace's own word is kept beside it (see ADR 0017).
 */
public enum OrderStatus {
    /** paid and waiting to be shipped (Walmart Created/Acknowledged, Amazon Unshipped, eBay NOT_STARTED) */
    UNSHIPPED,
    PARTIALLY_SHIPPED,
    SHIPPED,
    DELIVERED,
    CANCELLED,
    /** not yet payable or otherwise not actionable (Amazon Pending) */
    PENDING,
    /** the buyer asked to cancel and the marketplace has not decided yet (Amazon cancellationRequest, eBay cancelState IN_PROGRESS) */
    CANCEL_REQUESTED,
    /** the marketplace holds the order or its payment (eBay paymentHolds HELD) */
    ON_HOLD
}
