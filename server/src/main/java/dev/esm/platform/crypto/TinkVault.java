package dev.esm.platform.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.platform.KeyRotation;
import dev.esm.platform.Vault;

/**
 * Envelope encryption with Google Tink. A sealed value is {@code 0x01 | data-key id (16 bytes) | Tink ciphertext};
 * the Tink ciphertext starts with the 5-byte id of the data key's keyset entry, and the wrapped data key starts with
 * the master key's id, so every layer names the key it needs.
 */
final class TinkVault implements Vault, KeyRotation {

    private static final Logger log = LoggerFactory.getLogger(TinkVault.class);
    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + 16;

    private final AtomicReference<MasterKeyring> master;
    private final MasterKeyFile keyFile;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Map<UUID, Aead> dataKeys = new ConcurrentHashMap<>();
    /** Each store's current data key, remembered once the transaction that read or created it has committed. */
    private final Map<UUID, DataKey> storeKeys = new ConcurrentHashMap<>();
    private final Map<UUID, PrfSet> indexKeys = new ConcurrentHashMap<>();

    TinkVault(MasterKeyring master, MasterKeyFile keyFile, JdbcClient jdbc, TransactionTemplate transactions) {
        this.master = new AtomicReference<>(master);
        this.keyFile = keyFile;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public byte[] seal(UUID storeId, String purpose, byte[] plaintext) {
        DataKey key = storeKeys.get(storeId);
        if (key == null) {
            key = transactions.execute(status -> dataKeyOf(storeId));
            DataKey read = key;
            afterCommit(() -> storeKeys.put(storeId, read));
        }
        try {
            byte[] ciphertext = key.aead().encrypt(plaintext, associatedData(storeId, purpose));
            return ByteBuffer.allocate(HEADER + ciphertext.length)
                    .put(FORMAT).putLong(key.id().getMostSignificantBits()).putLong(key.id().getLeastSignificantBits())
                    .put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new VaultException("Could not seal a value", e);
        }
    }

    @Override
    public byte[] open(UUID storeId, String purpose, byte[] sealed) {
        if (sealed == null || sealed.length <= HEADER || sealed[0] != FORMAT) {
            throw new VaultException("Not a sealed value", null);
        }
        ByteBuffer buffer = ByteBuffer.wrap(sealed);
        buffer.get();
        UUID keyId = new UUID(buffer.getLong(), buffer.getLong());
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        try {
            return dataKey(storeId, keyId).decrypt(ciphertext, associatedData(storeId, purpose));
        } catch (GeneralSecurityException e) {
            throw new VaultException("A sealed value could not be opened (tampered, or of another store or purpose)", e);
        }
    }

    @Override
    public byte[] sealUnbound(String purpose, byte[] plaintext) {
        try {
            return master.get().aead().encrypt(plaintext, unboundContext(purpose));
        } catch (GeneralSecurityException e) {
            throw new VaultException("Could not seal a value", e);
        }
    }

    @Override
    public byte[] openUnbound(String purpose, byte[] sealed) {
        try {
            return master.get().aead().decrypt(sealed, unboundContext(purpose));
        } catch (GeneralSecurityException e) {
            throw new VaultException("A sealed value could not be opened (tampered, of another purpose, or its master "
                    + "key is gone)", e);
        }
    }

    @Override
    public String blindIndex(UUID storeId, String purpose, String value) {
        PrfSet prf = indexKeys.get(storeId);
        if (prf == null) {
            prf = transactions.execute(status -> indexKeyOf(storeId));
        }
        return hash(prf, purpose, value);
    }

    @Override
    public Optional<String> searchIndex(UUID storeId, String purpose, String value) {
        PrfSet prf = indexKeys.get(storeId);
        if (prf == null) {
            prf = transactions.execute(status -> existingIndexKey(storeId)).orElse(null);
        }
        return prf == null ? Optional.empty() : Optional.of(hash(prf, purpose, value));
    }

    @Override
    public void createKeys(UUID storeId) {
        if (!indexKeys.containsKey(storeId)) {
            transactions.executeWithoutResult(status -> indexKeyOf(storeId));
        }
    }

    @Override
    public int destroyKeys(UUID storeId) {
        List<UUID> destroyed = jdbc.sql("delete from data_key where store_id = ? returning id").param(storeId)
                .query(UUID.class).list();
        storeKeys.remove(storeId);
        indexKeys.remove(storeId);
        destroyed.forEach(dataKeys::remove);
        // a key read again by a transaction that began before this delete would be remembered at its commit: drop
        // the store's keys once more after this transaction ends, whatever its outcome
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    storeKeys.remove(storeId);
                    indexKeys.remove(storeId);
                    destroyed.forEach(dataKeys::remove);
                }
            });
        }
        if (!destroyed.isEmpty()) {
            log.info("Data keys of store {} destroyed", storeId);
        }
        return destroyed.size();
    }

    @Override
    public SealedFile sealFile(UUID fileId, String purpose, byte[] plaintext) {
        try {
            KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.get().aead(),
                    fileContext(fileId, purpose));
            byte[] ciphertext = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class)
                    .encrypt(plaintext, associatedData(fileId, "file:" + purpose));
            return new SealedFile(wrapped, ciphertext);
        } catch (GeneralSecurityException e) {
            throw new VaultException("Could not seal a file", e);
        }
    }

    @Override
    public byte[] openFile(UUID fileId, String purpose, SealedFile sealed) {
        try {
            KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(sealed.wrappedKey(), master.get().aead(),
                    fileContext(fileId, purpose));
            return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class)
                    .decrypt(sealed.ciphertext(), associatedData(fileId, "file:" + purpose));
        } catch (GeneralSecurityException e) {
            throw new VaultException("A sealed file could not be opened (tampered, or of another id or purpose)", e);
        }
    }

    private static byte[] fileContext(UUID fileId, String purpose) {
        return ("esm-file-key:" + fileId + ":" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    private static String hash(PrfSet prf, String purpose, String value) {
        try {
            return HexFormat.of().formatHex(prf.computePrimary(
                    ("esm-index:" + purpose + ":" + value).getBytes(StandardCharsets.UTF_8), 16));
        } catch (GeneralSecurityException e) {
            throw new VaultException("Could not compute a blind index", e);
        }
    }

    /** The store's index key if it has one; only reads, so it may run inside a read-only transaction. */
    private Optional<PrfSet> existingIndexKey(UUID storeId) {
        return jdbc.sql("select id, wrapped_index_key from data_key where store_id = ? and wrapped_index_key is not null")
                .param(storeId).query((rs, n) -> openIndexKey(rs.getObject(1, UUID.class), storeId, rs.getBytes(2)))
                .optional();
    }

    /** The store's index key, created (with its data key) when missing: writes, so never in a read-only transaction. */
    private PrfSet indexKeyOf(UUID storeId) {
        DataKey dataKey = dataKeyOf(storeId);
        byte[] wrapped = jdbc.sql("select wrapped_index_key from data_key where id = ?").param(dataKey.id())
                .query(byte[].class).optional().orElse(null);
        if (wrapped == null) {
            try {
                KeysetHandle keyset = KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF);
                byte[] fresh = TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.get().aead(),
                        indexContext(dataKey.id(), storeId));
                if (jdbc.sql("update data_key set wrapped_index_key = ? where id = ? and wrapped_index_key is null")
                        .params(fresh, dataKey.id()).update() == 0) {
                    return indexKeyOf(storeId);
                }
                wrapped = fresh;
            } catch (GeneralSecurityException e) {
                throw new VaultException("Could not create an index key", e);
            }
        }
        return openIndexKey(dataKey.id(), storeId, wrapped);
    }

    private PrfSet openIndexKey(UUID keyId, UUID storeId, byte[] wrapped) {
        try {
            PrfSet prf = TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, master.get().aead(),
                    indexContext(keyId, storeId)).getPrimitive(RegistryConfiguration.get(), PrfSet.class);
            afterCommit(() -> indexKeys.put(storeId, prf));
            return prf;
        } catch (GeneralSecurityException e) {
            throw new VaultException("The index key of a store could not be opened", e);
        }
    }

    /**
     * Runs {@code remember} once the current transaction has committed (at once outside one): a key created in a
     * transaction that rolls back must not be remembered, or values sealed later would name a key no one stored.
     */
    private static void afterCommit(Runnable remember) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            remember.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                remember.run();
            }
        });
    }

    private DataKey dataKeyOf(UUID storeId) {
        List<DataKey> existing = jdbc.sql("select id, store_id, wrapped from data_key where store_id = ?")
                .param(storeId).query((rs, n) -> new DataKey(rs.getObject(1, UUID.class),
                        unwrap(rs.getObject(1, UUID.class), storeId, rs.getBytes(3)))).list();
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        try {
            UUID id = UUID.randomUUID();
            KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            MasterKeyring ring = master.get();
            byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, ring.aead(), wrapContext(id, storeId));
            int inserted = jdbc.sql("""
                            insert into data_key (id, store_id, master_key_id, wrapped) values (?, ?, ?, ?)
                            on conflict (store_id) do nothing""")
                    .params(id, storeId, (long) ring.primaryId(), wrapped).update();
            if (inserted == 0) {
                return dataKeyOf(storeId);
            }
            Aead aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
            dataKeys.put(id, aead);
            return new DataKey(id, aead);
        } catch (GeneralSecurityException e) {
            throw new VaultException("Could not create a data key", e);
        }
    }

    private Aead dataKey(UUID storeId, UUID keyId) {
        Aead cached = dataKeys.get(keyId);
        if (cached != null) {
            return cached;
        }
        byte[] wrapped = transactions.execute(status -> jdbc
                .sql("select wrapped from data_key where id = ? and store_id = ?").params(keyId, storeId)
                .query(byte[].class).optional().orElse(null));
        if (wrapped == null) {
            throw new VaultException("The data key of a sealed value is not available", null);
        }
        return unwrap(keyId, storeId, wrapped);
    }

    private Aead unwrap(UUID keyId, UUID storeId, byte[] wrapped) {
        return dataKeys.computeIfAbsent(keyId, id -> {
            try {
                KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, master.get().aead(),
                        wrapContext(id, storeId));
                return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
            } catch (GeneralSecurityException e) {
                throw new VaultException("A data key could not be unwrapped (unknown master key or tampered)", e);
            }
        });
    }

    @Override
    public Result rewrapAll(String source) {
        MasterKeyring ring = master.get();
        long primary = ring.primaryId();
        transactions.executeWithoutResult(status -> jdbc.sql("select esm.admin_begin('admin.rewrap-data-keys', ?, ?)")
                .params("master-key:" + primary, source).query().singleRow());
        int rewrapped = 0;
        while (true) {
            List<WrappedKey> batch = transactions.execute(status -> jdbc
                    .sql("select id, store_id, wrapped, wrapped_index_key from esm.admin_data_keys_to_rewrap(?, 100)")
                    .param(primary).query((rs, n) -> new WrappedKey(rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class), rs.getBytes(3), rs.getBytes(4))).list());
            if (batch.isEmpty()) {
                break;
            }
            List<Object[]> updates = new ArrayList<>();
            for (WrappedKey key : batch) {
                try {
                    updates.add(new Object[] {key.id(), key.wrapped(), primary,
                            rewrap(key.wrapped(), ring, wrapContext(key.id(), key.storeId())),
                            key.wrappedIndexKey() == null ? null
                                    : rewrap(key.wrappedIndexKey(), ring, indexContext(key.id(), key.storeId()))});
                } catch (GeneralSecurityException e) {
                    throw new VaultException("Data key " + key.id() + " could not be re-wrapped", e);
                }
            }
            rewrapped += transactions.execute(status -> {
                int done = 0;
                for (Object[] update : updates) {
                    if (Boolean.TRUE.equals(jdbc.sql("select esm.admin_rewrap_data_key(?, ?, ?, ?, ?)").params(update)
                            .query(Boolean.class).single())) {
                        done++;
                    }
                }
                return done;
            });
        }
        log.info("Re-wrapped {} data keys under master key {}", rewrapped, primary);
        return new Result(primary, rewrapped);
    }

    private static byte[] rewrap(byte[] wrapped, MasterKeyring ring, byte[] context) throws GeneralSecurityException {
        KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, ring.aead(), context);
        return TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, ring.aead(), context);
    }

    @Override
    public synchronized Result generateNewMasterKey(String source) {
        if (keyFile == null) {
            throw new IllegalStateException("The master key comes from ESM_MASTER_KEY: deploy the new key as "
                    + "ESM_MASTER_KEY with the old one in ESM_MASTER_KEY_PREVIOUS, then re-wrap the data keys");
        }
        List<String> keys = new ArrayList<>();
        keys.add(MasterKeyring.newEncodedKey());
        keys.addAll(keyFile.readOrCreate());
        keyFile.write(keys);
        master.set(MasterKeyring.of(keys));
        Result result = rewrapAll(source);
        keyFile.write(keys.subList(0, 1));
        master.set(MasterKeyring.of(keys.subList(0, 1)));
        return result;
    }

    @Override
    public boolean keyFileMode() {
        return keyFile != null;
    }

    @Override
    public long primaryKeyId() {
        return master.get().primaryId();
    }

    private static byte[] associatedData(UUID storeId, String purpose) {
        return ("esm-value:" + storeId + ":" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] unboundContext(String purpose) {
        return ("esm-unbound-value:" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] indexContext(UUID keyId, UUID storeId) {
        return ("esm-index-key:" + keyId + ":" + storeId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] wrapContext(UUID keyId, UUID storeId) {
        return ("esm-data-key:" + keyId + ":" + storeId).getBytes(StandardCharsets.UTF_8);
    }

    private record DataKey(UUID id, Aead aead) {
    }

    private record WrappedKey(UUID id, UUID storeId, byte[] wrapped, byte[] wrappedIndexKey) {
    }
}
