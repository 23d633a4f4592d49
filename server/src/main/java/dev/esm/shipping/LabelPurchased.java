package dev.esm.shipping;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A label was bought for an order's package (a single order's buy or a batch item's). Published in the transaction
 * that marks the shipment purchased; listeners see it after that commit (ADR 24). Ids and facts only: no address, no
 * label file.
 */
public record LabelPurchased(UUID shipmentId, UUID orderId, UUID storeId, int packageNo, String carrier,
                             String service, BigDecimal amount, String currency) {
}
