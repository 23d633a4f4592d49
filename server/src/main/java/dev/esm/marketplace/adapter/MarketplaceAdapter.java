package dev.esm.marketplace.adapter;

import java.util.Optional;

import dev.esm.marketplace.MarketplaceDescriptor;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.platform.quota.Meter;

/**
 * A marketplace's registry entry: one Spring bean per adapter package (e.g. {@code walmart.WalmartMarketplace}),
 * giving its descriptor and its connectors. Adding a marketplace = a package with one of these + a simulator.
 */
public interface MarketplaceAdapter {

    MarketplaceDescriptor descriptor();

    OrderConnector orders();

    TrackingConnector tracking();

    /**
     * The id a store's calls are counted by for {@code meter}, e.g. {@code walmart:<client id>} for the seller account
     * or {@code ebay-app:<ESM's client id>} for the application; empty when this marketplace does not meter so (or the
     * credentials do not say).
     */
    Optional<String> meterId(StoreCredentials credentials, Meter meter);
}
