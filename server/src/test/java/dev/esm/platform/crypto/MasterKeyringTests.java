package dev.esm.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

import org.junit.jupiter.api.Test;

class MasterKeyringTests {

    private static final byte[] CONTEXT = "context".getBytes(StandardCharsets.UTF_8);

    @Test
    void keyIdIsDerivedFromTheKeySoEveryNodeAgrees() {
        String key = MasterKeyring.newEncodedKey();
        assertThat(MasterKeyring.of(List.of(key)).primaryId()).isEqualTo(MasterKeyring.of(List.of(key)).primaryId());
        assertThat(MasterKeyring.of(List.of(key)).primaryId())
                .isNotEqualTo(MasterKeyring.of(List.of(MasterKeyring.newEncodedKey())).primaryId());
    }

    @Test
    void aRingWithTheOldKeyStillOpensWhatTheOldKeySealed() throws GeneralSecurityException {
        String oldKey = MasterKeyring.newEncodedKey();
        String newKey = MasterKeyring.newEncodedKey();
        byte[] sealed = MasterKeyring.of(List.of(oldKey)).aead().encrypt("data key".getBytes(StandardCharsets.UTF_8), CONTEXT);
        MasterKeyring rotated = MasterKeyring.of(List.of(newKey, oldKey));
        assertThat(new String(rotated.aead().decrypt(sealed, CONTEXT), StandardCharsets.UTF_8)).isEqualTo("data key");
        assertThatThrownBy(() -> MasterKeyring.of(List.of(newKey)).aead().decrypt(sealed, CONTEXT))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void ciphertextNamesTheMasterKeyThatMadeIt() throws GeneralSecurityException {
        MasterKeyring ring = MasterKeyring.of(List.of(MasterKeyring.newEncodedKey()));
        byte[] sealed = ring.aead().encrypt(new byte[] {1, 2, 3}, CONTEXT);
        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(java.nio.ByteBuffer.wrap(sealed, 1, 4).getInt()).isEqualTo(ring.primaryId());
    }

    @Test
    void malformedMasterKeysAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> MasterKeyring.of(List.of("not base64 !!")))
                .hasMessageContaining("32 bytes in base64");
        assertThatThrownBy(() -> MasterKeyring.of(List.of("c2hvcnQ=")))
                .hasMessageContaining("32 bytes in base64");
        assertThatThrownBy(() -> MasterKeyring.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
