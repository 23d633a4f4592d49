package dev.esm.stores;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.esm.marketplace.CredentialVault;
import dev.esm.marketplace.StoreCredentials;

/** The connectors' way to a store's sealed credentials: opened by the vault, acting for the current operator. */
@Component
class StoreCredentialVault implements CredentialVault {

    private final Stores stores;

    StoreCredentialVault(Stores stores) {
        this.stores = stores;
    }

    @Override
    public Optional<StoreCredentials> open(UUID storeId) {
        return stores.credentials(storeId);
    }
}
