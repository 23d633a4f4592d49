package dev.esm.marketplace.adapter;

import java.util.Optional;

import dev.esm.marketplace.MarketplaceDescriptor;
import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.platform.quota.Meter;

/**
 * A marketplace's registry entry: one Spring bean per adapter package (e.g. {@code walmart.WalmartMarketplace}),
 * giving its descriptor and its connectors. Adding a marketplace = a package with one of these + a simulator.
 *
 * <p>An adapter names the credential record its connectors take ({@code C}). The registry opens a store's sealed
 * credentials and hands them over as that record ({@link #own}), so no connector checks or casts what it is given.
 *
 * @param <C> this marketplace's credentials, one of the records of {@link StoreCredentials}
 */
public abstract class MarketplaceAdapter<C extends StoreCredentials> {

    private final MarketplaceDescriptor descriptor;
    private final Class<C> credentialType;
    private final OrderConnector<C> orders;
    private final TrackingConnector<C> tracking;
    private final ListingConnector<C> listings;

    protected MarketplaceAdapter(MarketplaceDescriptor descriptor, Class<C> credentialType, OrderConnector<C> orders,
                                 TrackingConnector<C> tracking, ListingConnector<C> listings) {
        this.descriptor = descriptor;
        this.credentialType = credentialType;
        this.orders = orders;
        this.tracking = tracking;
        this.listings = listings;
    }

    public final MarketplaceDescriptor descriptor() {
        return descriptor;
    }

    public final OrderConnector<C> orders() {
        return orders;
    }

    public final TrackingConnector<C> tracking() {
        return tracking;
    }

    public final ListingConnector<C> listings() {
        return listings;
    }

    /**
     * A store's credentials as this marketplace's record.
     *
     * @throws CredentialsExpired when the store holds another marketplace's credentials: the store must be connected
     *                            again, as with credentials the marketplace refuses
     */
    public final C own(StoreCredentials credentials) throws CredentialsExpired {
        if (!credentialType.isInstance(credentials)) {
            throw new CredentialsExpired("The store holds no " + descriptor.marketplace().displayName()
                    + " credentials; connect it again.");
        }
        return credentialType.cast(credentials);
    }

    /** {@link #meterId(StoreCredentials, Meter)} of any store's credentials: empty for another marketplace's. */
    public final Optional<String> meterIdOf(StoreCredentials credentials, Meter meter) {
        return credentialType.isInstance(credentials) ? meterId(credentialType.cast(credentials), meter)
                : Optional.empty();
    }

    /**
     * The id a store's calls are counted by for {@code meter}, e.g. {@code walmart:<client id>} for the seller account
     * or {@code ebay-app:<ESM's client id>} for the application; empty when this marketplace does not meter so (or the
     * credentials do not say).
     */
    protected abstract Optional<String> meterId(C credentials, Meter meter);
}
