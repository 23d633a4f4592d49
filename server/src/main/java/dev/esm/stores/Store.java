package dev.esm.stores;

import java.time.Instant;
import java.util.UUID;

import dev.esm.shared.Marketplace;

/** A store as an operator sees it: whether its credentials are set, never the credentials. */
public record Store(UUID id, Marketplace marketplace, String name, boolean credentialsSet, UUID ownerId,
                    String ownerName, boolean ownedByMe, Instant createdAt) {
}
