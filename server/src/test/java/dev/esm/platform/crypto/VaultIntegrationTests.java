package dev.esm.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.TestSandbox;
import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.KeyRotation;
import dev.esm.accounts.PlatformAdmins;
import dev.esm.platform.Vault;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;

/** Envelope encryption on the real database: round trips, tampering, and master-key rotation. */
class VaultIntegrationTests extends IntegrationTest {

    @Autowired
    TinkVault vault;
    @Autowired
    Stores stores;
    @Autowired
    PlatformAdmins platformAdmins;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void sealedValueOpensOnlyForItsStoreAndPurpose() {
        TestOperator operator = operators.create("Vault User");
        ActingOperator.runAs(operator.id(), () -> {
            UUID store = stores.add(Marketplace.EBAY, "Vault Shop", null, "test").id();
            UUID other = stores.add(Marketplace.EBAY, "Other Shop", null, "test").id();
            byte[] plaintext = "refresh-token-123".getBytes(StandardCharsets.UTF_8);
            byte[] sealed = vault.seal(store, "test-secret", plaintext);

            assertThat(sealed).isNotEqualTo(plaintext);
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("refresh-token-123");
            assertThat(vault.open(store, "test-secret", sealed)).isEqualTo(plaintext);
            assertThat(vault.seal(store, "test-secret", plaintext)).isNotEqualTo(sealed);
            assertThatThrownBy(() -> vault.open(store, "other-purpose", sealed)).isInstanceOf(Vault.VaultException.class);
            assertThatThrownBy(() -> vault.open(other, "test-secret", sealed)).isInstanceOf(Vault.VaultException.class);
        });
    }

    /** Crypto-shredding (ADR 34): once the store's keys are destroyed nothing sealed for it opens, cached or not. */
    @Test
    void destroyedKeysOpenNothingSealedForTheStoreAtOnce() {
        TestOperator operator = operators.create("Shredded");
        ActingOperator.runAs(operator.id(), () -> {
            UUID store = stores.add(Marketplace.EBAY, "Shred Shop", null, "test").id();
            UUID kept = stores.add(Marketplace.EBAY, "Kept Shop", null, "test").id();
            byte[] sealed = vault.seal(store, "p", "buyer".getBytes(StandardCharsets.UTF_8));
            byte[] other = vault.seal(kept, "p", "buyer".getBytes(StandardCharsets.UTF_8));
            assertThat(vault.open(store, "p", sealed)).isNotEmpty(); // the key is cached now
            Integer destroyed = transactions.execute(tx -> vault.destroyKeys(store));
            assertThat(destroyed).isEqualTo(1);
            assertThatThrownBy(() -> vault.open(store, "p", sealed)).isInstanceOf(Vault.VaultException.class);
            assertThat(vault.open(kept, "p", other)).isEqualTo("buyer".getBytes(StandardCharsets.UTF_8));
            Integer again = transactions.execute(tx -> vault.destroyKeys(store));
            assertThat(again).isZero();
        });
    }

    @Test
    void aSealedFileOpensOnlyForItsIdAndPurpose() {
        UUID file = UUID.randomUUID();
        byte[] zip = "PK\u0003\u0004 my data".getBytes(StandardCharsets.UTF_8);
        Vault.SealedFile sealed = vault.sealFile(file, "account-export", zip);
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("my data");
        assertThat(vault.openFile(file, "account-export", sealed)).isEqualTo(zip);
        assertThatThrownBy(() -> vault.openFile(UUID.randomUUID(), "account-export", sealed))
                .isInstanceOf(Vault.VaultException.class);
        assertThatThrownBy(() -> vault.openFile(file, "other", sealed)).isInstanceOf(Vault.VaultException.class);
        byte[] tampered = sealed.ciphertext().clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> vault.openFile(file, "account-export", new Vault.SealedFile(sealed.wrappedKey(), tampered)))
                .isInstanceOf(Vault.VaultException.class);
    }

    @Test
    void anUnboundValueOpensOnlyForItsPurposeAndUntampered() {
        byte[] plain = "userId:u-42".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = vault.sealUnbound("account-deletion-notice:1", plain);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("u-42");
        assertThat(vault.openUnbound("account-deletion-notice:1", sealed)).isEqualTo(plain);
        assertThatThrownBy(() -> vault.openUnbound("account-deletion-notice:2", sealed))
                .isInstanceOf(Vault.VaultException.class);
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> vault.openUnbound("account-deletion-notice:1", tampered))
                .isInstanceOf(Vault.VaultException.class);
    }

    @Test
    void tamperedCiphertextIsRejected() {
        TestOperator operator = operators.create("Tamper Victim");
        ActingOperator.runAs(operator.id(), () -> {
            UUID store = stores.add(Marketplace.EBAY, "Tamper Shop", null, "test").id();
            byte[] sealed = vault.seal(store, "p", "secret".getBytes(StandardCharsets.UTF_8));
            for (int position : new int[] {sealed.length - 1, sealed.length / 2, 20}) {
                byte[] tampered = sealed.clone();
                tampered[position] ^= 0x01;
                assertThatThrownBy(() -> vault.open(store, "p", tampered)).isInstanceOf(Vault.VaultException.class);
            }
            assertThatThrownBy(() -> vault.open(store, "p", new byte[] {1, 2, 3})).isInstanceOf(Vault.VaultException.class);
        });
    }

    @Test
    void anotherOperatorCannotOpenASealedValueEvenWithTheCiphertext() {
        TestOperator owner = operators.create("Key Owner");
        TestOperator stranger = operators.create("Key Stranger");
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Locked",
                TestSandbox.walmartCredentials(), "test").id());
        byte[] sealed = ActingOperator.runAs(owner.id(), () -> vault.seal(store, "p", new byte[] {42}));
        TinkVault fresh = freshVault(currentKeys());
        assertThatThrownBy(() -> ActingOperator.runAs(stranger.id(), () -> fresh.open(store, "p", sealed)))
                .isInstanceOf(Vault.VaultException.class);
        assertThat(ActingOperator.runAs(owner.id(), () -> fresh.open(store, "p", sealed))).containsExactly(42);
    }

    @Test
    void keysCreatedInARolledBackTransactionAreNotUsedAfterwards() {
        TestOperator operator = operators.create("Rollback Seller");
        ActingOperator.runAs(operator.id(), () -> {
            UUID store = stores.add(Marketplace.AMAZON, "Rolled Back Keys", null, "test").id();
            transactions.executeWithoutResult(status -> {
                vault.seal(store, "p", new byte[] {1});
                vault.blindIndex(store, "name", "ada");
                status.setRollbackOnly();
            });
            byte[] sealed = vault.seal(store, "p", new byte[] {7});
            String index = vault.blindIndex(store, "name", "ada");

            TinkVault otherNode = freshVault(currentKeys());
            assertThat(otherNode.open(store, "p", sealed)).containsExactly(7);
            assertThat(otherNode.blindIndex(store, "name", "ada")).isEqualTo(index);
        });
    }

    @Test
    void rotationRewrapsEveryDataKeyAndKeepsEverySecretReadable() {
        TestOperator root = operators.create("Rotator");
        platformAdmins.grantPlatformAdmin(root.email(), "test");
        List<UUID> owners = new ArrayList<>();
        Map<UUID, StoreCredentials> secrets = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            TestOperator seller = operators.create("Rotated Seller " + i);
            owners.add(seller.id());
            StoreCredentials credentials = TestSandbox.walmartCredentials();
            String name = "Rotated " + i;
            UUID store = ActingOperator.runAs(seller.id(), () -> stores.add(Marketplace.WALMART, name,
                    credentials, "test").id());
            secrets.put(store, credentials);
        }
        List<String> before = currentKeys();
        String newKey = MasterKeyring.newEncodedKey();
        List<String> rotatedKeys = new ArrayList<>(List.of(newKey));
        rotatedKeys.addAll(before);
        TinkVault rotated = freshVault(rotatedKeys);
        try {
            KeyRotation.Result result = ActingOperator.runAs(root.id(), () -> rotated.rewrapAll("test"));
            assertThat(result.rewrapped()).isGreaterThanOrEqualTo(3);
            assertThat(countNotUnder(root.id(), rotated.primaryKeyId())).isZero();

            // a node that knows only the new key reads every secret
            TinkVault onlyNew = freshVault(List.of(newKey));
            int index = 0;
            for (Map.Entry<UUID, StoreCredentials> secret : secrets.entrySet()) {
                UUID owner = owners.get(index++);
                byte[] sealed = ActingOperator.runAs(owner, () -> transactions.execute(status -> jdbc
                        .sql("select credentials from store where id = ?").param(secret.getKey())
                        .query(byte[].class).single()));
                assertThat(ActingOperator.runAs(owner, () -> onlyNew.open(secret.getKey(), "store-credentials", sealed)))
                        .asString(StandardCharsets.UTF_8).contains(((StoreCredentials.Walmart) secret.getValue()).clientSecret());
            }
        } finally {
            List<String> back = new ArrayList<>(before);
            back.add(newKey);
            ActingOperator.runAs(root.id(), () -> freshVault(back).rewrapAll("test"));
        }
        assertThat(countNotUnder(root.id(), freshVault(before).primaryKeyId())).isZero();
        for (int i = 0; i < owners.size(); i++) {
            UUID owner = owners.get(i);
            UUID store = new ArrayList<>(secrets.keySet()).get(i);
            assertThat(ActingOperator.runAs(owner, () -> stores.credentials(store))).contains(secrets.get(store));
        }
    }

    private long countNotUnder(UUID admin, long masterKeyId) {
        return ActingOperator.runAs(admin, () -> transactions.execute(status -> jdbc
                .sql("select count(*) from esm.admin_data_keys_to_rewrap(?, 100000)").param(masterKeyId)
                .query(Long.class).single()));
    }

    private TinkVault freshVault(List<String> keys) {
        return new TinkVault(MasterKeyring.of(keys), null, jdbc, transactions);
    }

    /** The keys the running server uses: from the key file (embedded) or the test's ESM_MASTER_KEY. */
    private List<String> currentKeys() {
        return dev.esm.TestDatabase.masterKeys();
    }
}
