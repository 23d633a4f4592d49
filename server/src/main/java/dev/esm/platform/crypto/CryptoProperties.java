package dev.esm.platform.crypto;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param masterKey          the primary master key, 32 bytes in base64 ({@code ESM_MASTER_KEY})
 * @param previousMasterKeys older master keys still accepted for unwrapping during a rotation
 *                           ({@code ESM_MASTER_KEY_PREVIOUS}, comma-separated)
 */
@ConfigurationProperties("esm.crypto")
record CryptoProperties(String masterKey, List<String> previousMasterKeys) {

    CryptoProperties {
        previousMasterKeys = previousMasterKeys == null ? List.of()
                : previousMasterKeys.stream().filter(k -> k != null && !k.isBlank()).toList();
    }

    boolean fromEnvironment() {
        return masterKey != null && !masterKey.isBlank();
    }
}
