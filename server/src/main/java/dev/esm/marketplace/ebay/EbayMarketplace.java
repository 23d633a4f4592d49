package dev.esm.marketplace.ebay;

import java.time.Clock;
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

/**
 * eBay's registry entry: the consent page; one token cache for orders and pushes (a store's refresh token is
 * exchanged once per access token, not once per connector). eBay's daily quotas belong to ESM's application, so
 * they are metered by it (and by the seller, so one store cannot use up the day).
 */
@Component
class EbayMarketplace extends MarketplaceAdapter<StoreCredentials.Ebay> {

    private static final MarketplaceDescriptor DESCRIPTOR = new MarketplaceDescriptor(Marketplace.EBAY,
            Authorization.CONSENT_PAGE,
            List.of(new CredentialField("refreshToken", "Refresh token", true, 4000)),
            fields -> new StoreCredentials.Ebay(fields.get("refreshToken")),
            List.of(EbayOrderSource.ORDERS, EbayOrderSource.ORDERS_PER_SELLER, EbayTokens.TOKEN,
                    EbayListings.INVENTORY),
            Map.of("400 invalid_grant/invalid_scope on the token", "CredentialsExpired",
                    "401 on the token", "MarketplaceRejected (ESM's application keys)",
                    "401 on a call", "token dropped, one more try with a fresh token; then CredentialsExpired",
                    "429", "RateLimited (Retry-After, else rate-limit-wait)",
                    "5xx, timeout, unreadable body", "MarketplaceUnavailable",
                    "other 4xx", "MarketplaceRejected (eBay's errorId and message)"),
            "Sign in to eBay and allow ESM to read orders and add tracking.");

    private final EbayProperties properties;

    @Autowired
    EbayMarketplace(EbayProperties properties) {
        this(properties, new EbayTokens(properties, new EbayHttp(), Clock.systemUTC()));
    }

    private EbayMarketplace(EbayProperties properties, EbayTokens tokens) {
        super(DESCRIPTOR, StoreCredentials.Ebay.class, new EbayOrderSource(properties, tokens),
                new EbayTrackingDestination(properties, tokens), new EbayListings(properties, tokens));
        this.properties = properties;
    }

    @Override
    protected Optional<String> meterId(StoreCredentials.Ebay credentials, Meter meter) {
        return switch (meter) {
            case SELLER_ACCOUNT -> Optional.ofNullable(credentials.userId()).map(id -> "ebay:" + id);
            case APPLICATION -> properties.clientId().isEmpty() ? Optional.empty()
                    : Optional.of("ebay-app:" + properties.clientId());
            default -> Optional.empty();
        };
    }
}
