package dev.esm.marketplace.ebay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Marketplace Account Deletion endpoint ({@code /webhooks/ebay/account-deletion}). Both values are also read from
 * {@code ESM_EBAY_DELETION_VERIFICATION_TOKEN} and {@code ESM_EBAY_DELETION_ENDPOINT_URL} (see
 * {@link EbayAccountDeletion}); without both the endpoint answers 404.
 *
 * @param verificationToken the token entered in eBay's developer portal beside the endpoint (32 to 80 characters)
 * @param endpointUrl       the endpoint's public URL exactly as registered at eBay (the challenge hashes it)
 * @param keyCache          how long a notification public key is kept (eBay recommends an hour)
 */
@ConfigurationProperties("esm.connectors.ebay.account-deletion")
public record EbayAccountDeletionProperties(String verificationToken, String endpointUrl, Duration keyCache) {

    public EbayAccountDeletionProperties {
        verificationToken = verificationToken == null ? "" : verificationToken.strip();
        endpointUrl = endpointUrl == null ? "" : endpointUrl.strip();
        keyCache = keyCache == null ? Duration.ofHours(1) : keyCache;
    }

    @Override
    public String toString() {
        return "EbayAccountDeletionProperties[verificationToken=" + (verificationToken.isEmpty() ? "" : "(hidden)")
                + ", endpointUrl=" + endpointUrl + ", keyCache=" + keyCache + "]";
    }
}
