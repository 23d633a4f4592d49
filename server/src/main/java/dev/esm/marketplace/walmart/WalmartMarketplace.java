package dev.esm.marketplace.walmart;

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

/** Walmart's registry entry: the seller's own client id and secret; one token cache for orders, pushes and listings. */
@Component
class WalmartMarketplace extends MarketplaceAdapter<StoreCredentials.Walmart> {

    private static final MarketplaceDescriptor DESCRIPTOR = new MarketplaceDescriptor(Marketplace.WALMART,
            Authorization.CLIENT_CREDENTIALS,
            List.of(new CredentialField("clientId", "Client ID", false, 200),
                    new CredentialField("clientSecret", "Client secret", true, 1000)),
            fields -> new StoreCredentials.Walmart(fields.get("clientId"), fields.get("clientSecret")),
            List.of(WalmartOrderSource.ORDERS, WalmartTrackingDestination.SHIP_ORDER_LINES, WalmartAccess.TOKEN,
                    WalmartListings.ITEMS, WalmartListings.INVENTORIES),
            Map.of("401 on a call", "token dropped, one more try with a fresh token; then CredentialsExpired",
                    "400/401 on /v3/token", "CredentialsExpired",
                    "429", "RateLimited (Retry-After, else x-next-replenish-time)",
                    "5xx, timeout, unreadable body", "MarketplaceUnavailable",
                    "other 4xx", "MarketplaceRejected (Walmart's error code and description)"),
            "From Walmart Seller Center → Settings → API Key Management.");

    @Autowired
    WalmartMarketplace(WalmartProperties properties) {
        this(properties, new WalmartAccess(properties));
    }

    private WalmartMarketplace(WalmartProperties properties, WalmartAccess access) {
        super(DESCRIPTOR, StoreCredentials.Walmart.class, new WalmartOrderSource(properties, access),
                new WalmartTrackingDestination(access), new WalmartListings(access));
    }

    @Override
    protected Optional<String> meterId(StoreCredentials.Walmart credentials, Meter meter) {
        return meter == Meter.SELLER_ACCOUNT ? Optional.of("walmart:" + credentials.clientId()) : Optional.empty();
    }
}
