package dev.esm.sandbox.walmart;

import java.time.Instant;

/** One shipped line (or tracking update) as received by {@code POST /v3/orders/{id}/shipping}. */
public record ShipmentPush(String purchaseOrderId, String lineNumber, String sellerOrderId, int quantity,
                           String carrier, String otherCarrier, String methodCode, String trackingNumber,
                           String trackingUrl, long shipDateTime, String processMode, Instant receivedAt) {
}
