package dev.esm.stores;

import java.util.UUID;

import dev.esm.shared.Marketplace;

/**
 * A store is gone: its owner removed it (its rows under it went with it). Published in the removing transaction;
 * listeners see it after that commit (ADR 24). Ids and facts only.
 */
public record StoreDisconnected(UUID storeId, UUID ownerId, Marketplace marketplace) {
}
