package dev.esm.platform;

import java.util.Optional;
import java.util.UUID;

/**
 * Encrypts secrets and personal data at rest (envelope encryption: each store's data key wrapped by the master key).
 * A sealed value is bound to its store and purpose: it opens only with the same two, so values cannot be swapped
 * between rows. Calls run inside the caller's transaction and need an acting operator who can see the store.
 */
public interface Vault {

    byte[] seal(UUID storeId, String purpose, byte[] plaintext);

    /** @throws VaultException when the value was tampered with or belongs to another store or purpose */
    byte[] open(UUID storeId, String purpose, byte[] sealed);

    /**
     * A keyed hash of {@code value} for finding rows by it without storing it (a blind index): equal values of one
     * store and purpose give equal hashes; without the store's index key nothing can be learned from a hash.
     */
    String blindIndex(UUID storeId, String purpose, String value);

    /**
     * The blind index to search by: as {@link #blindIndex}, but it only reads, so it may run inside a read-only
     * transaction. Empty when the store has no index key yet, in which case nothing of it was ever indexed and a search
     * simply matches nothing of that store.
     */
    Optional<String> searchIndex(UUID storeId, String purpose, String value);

    /**
     * Creates the store's data key and index key if missing, inside the caller's (read-write) transaction: done when a
     * store is added, so that reads never have to create them.
     */
    void createKeys(UUID storeId);

    /**
     * Seals a short-lived value that belongs to no store (a marketplace's account deletion notice until its job ran)
     * with the master key itself, bound to {@code purpose}. Opens while the master key that sealed it is in the ring
     * (primary or previous): keep such values for minutes, not across a completed master key rotation.
     */
    byte[] sealUnbound(String purpose, byte[] plaintext);

    /** @throws VaultException when the value was tampered with, is of another purpose or its master key is gone */
    byte[] openUnbound(String purpose, byte[] sealed);

    /**
     * Destroys the store's data key and index key (crypto-shredding): every value sealed for the store can no longer be
     * opened, and its blind indexes no longer be computed, on this node at once (its cached keys are dropped too). Other
     * nodes drop a cached key at their restart; a value they open meanwhile is still the store's owner's to read.
     * Inside the caller's transaction, acting for the store's owner.
     *
     * @return how many keys were destroyed (0 when they were already gone)
     */
    int destroyKeys(UUID storeId);

    /**
     * Seals a file under a key of its own, made for it and wrapped by the master key; the wrapped key is returned with
     * the ciphertext and stored beside it, so deleting the row destroys the file. Bound to {@code fileId} and
     * {@code purpose}. For files that belong to no store (an operator's data export).
     */
    SealedFile sealFile(UUID fileId, String purpose, byte[] plaintext);

    /** @throws VaultException when the file was tampered with or belongs to another id or purpose */
    byte[] openFile(UUID fileId, String purpose, SealedFile sealed);

    /** A file sealed by {@link #sealFile}: its wrapped key and its ciphertext. */
    record SealedFile(byte[] wrappedKey, byte[] ciphertext) {
    }

    /** Raised when a sealed value cannot be opened; never carries the value. */
    final class VaultException extends RuntimeException {
        public VaultException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
