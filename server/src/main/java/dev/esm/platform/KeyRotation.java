package dev.esm.platform;

/**
 * Re-wraps every store's data key under the current master key, while the server keeps serving: nodes keep the
 * previous master keys for unwrapping until the rotation is done. Only a platform admin may run it; it is audited.
 */
public interface KeyRotation {

    /** Re-wraps every data key not yet under the primary master key. */
    Result rewrapAll(String source);

    /**
     * Where the master keys live in a key file (demo mode): adds a new primary key to the file, re-wraps everything
     * under it and then drops the old keys from the file.
     *
     * @throws IllegalStateException when the master key comes from the environment; rotate by deploying the new key
     *                               as ESM_MASTER_KEY with the old one in ESM_MASTER_KEY_PREVIOUS, then re-wrap
     */
    Result generateNewMasterKey(String source);

    boolean keyFileMode();

    long primaryKeyId();

    record Result(long masterKeyId, int rewrapped) {
    }
}
