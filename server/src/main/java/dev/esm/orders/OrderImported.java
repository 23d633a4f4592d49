package dev.esm.orders;

import java.util.UUID;

import dev.esm.shared.OrderStatus;

/**
 * An order new to ESM was stored by the order sync. Published per order inside the page's transaction; listeners see it
 * after that transaction committed (ADR 24). Ids and facts only: no buyer data.
 */
public record OrderImported(UUID orderId, UUID storeId, OrderStatus status) {
}
