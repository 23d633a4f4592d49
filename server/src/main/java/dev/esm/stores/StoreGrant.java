package dev.esm.stores;

import java.time.Instant;
import java.util.UUID;

/** Another operator's access to a store. */
public record StoreGrant(UUID storeId, UUID operatorId, String email, String name, Instant grantedAt) {
}
