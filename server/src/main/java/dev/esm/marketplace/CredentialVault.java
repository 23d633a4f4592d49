package dev.esm.marketplace;

import java.util.Optional;
import java.util.UUID;

/**
 * Where connectors open a store's sealed credentials: implemented by the module that keeps them ({@code stores}),
 * acting for the current operator (who must be able to see the store). Only connectors call it; the modules that
 * sync orders or push tracking name stores by id and never hold a decrypted secret.
 */
public interface CredentialVault {

    /** The store's credentials; empty when it holds none (not connected yet). */
    Optional<StoreCredentials> open(UUID storeId);
}
