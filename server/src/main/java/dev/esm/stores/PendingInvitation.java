package dev.esm.stores;

import java.time.Instant;
import java.util.UUID;

import dev.esm.shared.Marketplace;

/** An invitation to another operator's store as the invitee sees it, before accepting or declining it. */
public record PendingInvitation(UUID id, UUID storeId, String storeName, Marketplace marketplace, String ownerName,
                                Instant invitedAt) {
}
