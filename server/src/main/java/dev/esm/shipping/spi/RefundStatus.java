package dev.esm.shipping.spi;

/** Where a label's refund (void) stands at the provider. USPS refunds are asynchronous: submitted first. */
public enum RefundStatus {
    NONE,
    SUBMITTED,
    REFUNDED,
    REJECTED
}
