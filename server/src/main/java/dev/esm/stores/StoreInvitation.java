package dev.esm.stores;

import java.time.Instant;
import java.util.UUID;

/**
 * An invitation to a store as its owner sees it: the email it was sent to, never whether that email has an account
 * (the invitee's id and name show only once they accept, as a {@link StoreGrant}).
 */
public record StoreInvitation(UUID id, UUID storeId, String email, Instant invitedAt) {
}
