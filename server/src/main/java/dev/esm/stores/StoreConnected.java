package dev.esm.stores;

import java.time.Instant;
import java.util.UUID;

/**
 * A store's marketplace credentials were set (a store added with them, or replaced). Published in the transaction that
 * stores them; listeners see it after that commit (ADR 24). {@code connectedAt} tells two connections of one store
 * apart (the outbox completes a publication by its serialized form).
 */
public record StoreConnected(UUID storeId, UUID ownerId, Instant connectedAt) {
}
