package dev.esm.shipping;

import java.util.UUID;

/**
 * A bought label was voided at the provider (refund asked for). Published in the transaction that marks the shipment
 * voided; listeners see it after that commit (ADR 24). {@code refundStatus} is the provider's word on the refund.
 */
public record LabelVoided(UUID shipmentId, UUID orderId, UUID storeId, int packageNo, String refundStatus) {
}
