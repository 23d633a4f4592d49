package dev.esm.stores;

import dev.esm.marketplace.StoreCredentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A store's seller key: which seller account its credentials speak for, as a SHA-256 of the owner, the marketplace and
 * the seller account id, so equal accounts of one owner collide in a unique index while the id itself (a Walmart
 * client id is half of a credential) is never stored outside the sealed credentials (ADR 18).
 */
final class SellerKeys {

    private SellerKeys() {
    }

    /** The key, or null when the credentials do not name their seller account. */
    static String of(UUID owner, StoreCredentials credentials) {
        String account = credentials.sellerAccount();
        if (account == null) {
            return null;
        }
        return of(owner, credentials.marketplace(), account);
    }

    /** The key of {@code account} at {@code marketplace} for a store of {@code owner}. */
    static String of(UUID owner, dev.esm.shared.Marketplace marketplace, String account) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] hash = sha256.digest(("esm-seller-account\n" + owner + "\n" + marketplace.name() + "\n"
                    + account).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
