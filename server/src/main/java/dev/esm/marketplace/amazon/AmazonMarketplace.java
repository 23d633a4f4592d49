package dev.esm.marketplace.amazon;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.esm.marketplace.MarketplaceDescriptor;
import dev.esm.marketplace.MarketplaceDescriptor.Authorization;
import dev.esm.marketplace.MarketplaceDescriptor.CredentialField;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.marketplace.adapter.MarketplaceAdapter;
import dev.esm.platform.quota.Meter;
import dev.esm.shared.Marketplace;

/** Amazon's registry entry: Seller Central consent; one LWA token cache for orders and pushes. */
@Component
class AmazonMarketplace extends MarketplaceAdapter<StoreCredentials.Amazon> {

    private static final MarketplaceDescriptor DESCRIPTOR = new MarketplaceDescriptor(Marketplace.AMAZON,
            Authorization.CONSENT_PAGE,
            List.of(new CredentialField("sellingPartnerId", "Selling partner ID", false, 100),
                    new CredentialField("refreshToken", "Refresh token", true, 4000)),
            fields -> new StoreCredentials.Amazon(fields.get("sellingPartnerId"), fields.get("refreshToken")),
            List.of(AmazonOrderSource.SEARCH_ORDERS, AmazonLwaClient.TOKEN, AmazonListings.SEARCH_LISTINGS),
            Map.of("400 invalid_grant on the LWA token", "CredentialsExpired",
                    "401/403 on a call", "token dropped, one more try with a fresh token; then CredentialsExpired",
                    "429 QuotaExceeded", "RateLimited (x-amzn-RateLimit-Limit adopted by the bucket)",
                    "5xx, timeout, unreadable body", "MarketplaceUnavailable",
                    "other 4xx", "MarketplaceRejected (Amazon's error code and message)"),
            "Sign in to Seller Central and authorize ESM to read orders and confirm shipments.");

    private final AmazonProperties properties;

    @Autowired
    AmazonMarketplace(AmazonProperties properties) {
        this(properties, new AmazonHttp());
    }

    private AmazonMarketplace(AmazonProperties properties, AmazonHttp http) {
        this(properties, http, new AmazonLwaClient(properties, http));
    }

    private AmazonMarketplace(AmazonProperties properties, AmazonHttp http, AmazonLwaClient lwa) {
        super(DESCRIPTOR, StoreCredentials.Amazon.class, new AmazonOrderSource(properties, lwa),
                new AmazonTrackingDestination(properties, lwa),
                new AmazonListings(properties, new AmazonGet(properties, http, lwa)));
        this.properties = properties;
    }

    @Override
    protected Optional<String> meterId(StoreCredentials.Amazon credentials, Meter meter) {
        return switch (meter) {
            case SELLER_ACCOUNT -> Optional.of("amazon:" + credentials.sellingPartnerId());
            case APPLICATION -> properties.clientId().isEmpty() ? Optional.empty()
                    : Optional.of("amazon-app:" + properties.clientId());
            default -> Optional.empty();
        };
    }
}
