package dev.esm.orders;

import java.time.Instant;
import java.util.UUID;

import dev.esm.shared.OrderStatus;

/**
 * An order ESM already held was rewritten by the order sync because its content changed at the marketplace (an
 * unchanged order publishes nothing). {@code previousStatus} equals {@code status} when something else changed;
 * {@code changedAt} is when ESM wrote the change, which tells two changes of one order apart (the outbox completes a
 * publication by its serialized form).
 * Published per order inside the page's transaction; listeners see it after that transaction committed (ADR 24). Ids
 * and facts only: no buyer data.
 */
public record OrderChanged(UUID orderId, UUID storeId, OrderStatus previousStatus, OrderStatus status,
                           Instant changedAt) {
}
