package dev.esm.stores;

import java.util.UUID;

/** A store's marketplace credentials were set (a store added with them, or replaced). Published after commit. */
public record StoreConnected(UUID storeId, UUID ownerId) {
}
