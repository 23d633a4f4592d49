package dev.esm.platform.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;

/**
 * The key-encryption keys: one primary that wraps new data keys, and older ones still able to unwrap until a rotation
 * has re-wrapped everything under the primary. Each key is AES-256-GCM, given as 32 random bytes in base64; its id
 * (derived from the key, so every node agrees on it) prefixes every wrapped data key.
 */
final class MasterKeyring {

    private final Aead aead;
    private final int primaryId;
    private final List<Integer> keyIds;

    private MasterKeyring(Aead aead, int primaryId, List<Integer> keyIds) {
        this.aead = aead;
        this.primaryId = primaryId;
        this.keyIds = keyIds;
    }

    /** @param encodedKeys base64 keys, the primary first */
    static MasterKeyring of(List<String> encodedKeys) {
        if (encodedKeys.isEmpty()) {
            throw new IllegalArgumentException("At least one master key is needed");
        }
        try {
            AeadConfig.register();
            PrfConfig.register();
            AesGcmParameters parameters = AesGcmParameters.builder()
                    .setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.TINK).build();
            KeysetHandle.Builder builder = KeysetHandle.newBuilder();
            List<Integer> ids = new ArrayList<>();
            for (String encoded : new LinkedHashSet<>(encodedKeys)) {
                byte[] bytes = decode(encoded);
                int id = keyId(bytes);
                AesGcmKey key = AesGcmKey.builder().setParameters(parameters)
                        .setKeyBytes(SecretBytes.copyFrom(bytes, InsecureSecretKeyAccess.get()))
                        .setIdRequirement(id).build();
                KeysetHandle.Builder.Entry entry = KeysetHandle.importKey(key);
                if (ids.isEmpty()) {
                    entry.makePrimary();
                }
                builder.addEntry(entry);
                ids.add(id);
            }
            KeysetHandle keyset = builder.build();
            return new MasterKeyring(keyset.getPrimitive(RegistryConfiguration.get(), Aead.class),
                    ids.get(0), List.copyOf(ids));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master key could not be loaded", e);
        }
    }

    static String newEncodedKey() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    Aead aead() {
        return aead;
    }

    int primaryId() {
        return primaryId;
    }

    List<Integer> keyIds() {
        return keyIds;
    }

    private static byte[] decode(String encoded) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A master key must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("A master key must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)");
        }
        return bytes;
    }

    /** A stable, non-secret id: the first four bytes of SHA-256("esm-master-key-id" || key), never zero. */
    private static int keyId(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("esm-master-key-id".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            int id = ByteBuffer.wrap(sha.digest(key)).getInt() & 0x7fffffff;
            return id == 0 ? 1 : id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
