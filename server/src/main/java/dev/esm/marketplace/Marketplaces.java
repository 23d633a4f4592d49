package dev.esm.marketplace;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.marketplace.adapter.ListingConnector;
import dev.esm.marketplace.adapter.MarketplaceAdapter;
import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.marketplace.adapter.TrackingConnector;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.platform.quota.Meter;
import dev.esm.platform.quota.QuotaMeterSource;
import dev.esm.shared.Marketplace;

/**
 * The connector registry: one {@link MarketplaceAdapter} per marketplace, found by {@link Marketplace}. Gives the
 * other modules each marketplace's {@link MarketplaceDescriptor} and its ports by store id ({@link OrderSource},
 * {@link TrackingDestination}, {@link ListingSource}), which open the store's credentials through the {@link CredentialVault} themselves.
 * Also tells the shared quota buckets what a store's calls are metered by (seller account, application).
 */
@Service
public class Marketplaces implements QuotaMeterSource {

    private final Map<Marketplace, MarketplaceAdapter<?>> adapters = new EnumMap<>(Marketplace.class);
    private final Map<Marketplace, OrderSource> orderSources = new EnumMap<>(Marketplace.class);
    private final Map<Marketplace, TrackingDestination> destinations = new EnumMap<>(Marketplace.class);
    private final Map<Marketplace, ListingSource> listingSources = new EnumMap<>(Marketplace.class);
    private final ObjectProvider<CredentialVault> vaults;

    Marketplaces(List<MarketplaceAdapter<?>> adapters, ObjectProvider<CredentialVault> vaults) {
        this.vaults = vaults;
        for (MarketplaceAdapter<?> adapter : adapters) {
            Marketplace marketplace = adapter.descriptor().marketplace();
            if (this.adapters.put(marketplace, adapter) != null) {
                throw new IllegalStateException("Two adapters for " + marketplace);
            }
            orderSources.put(marketplace, new VaultedOrderSource<>(adapter));
            destinations.put(marketplace, new VaultedDestination<>(adapter));
            listingSources.put(marketplace, new VaultedListingSource<>(adapter));
        }
    }

    /** Every registered marketplace's descriptor, in {@link Marketplace} order. */
    public List<MarketplaceDescriptor> descriptors() {
        return adapters.values().stream().map(MarketplaceAdapter::descriptor).toList();
    }

    public Optional<MarketplaceDescriptor> descriptor(Marketplace marketplace) {
        return Optional.ofNullable(adapters.get(marketplace)).map(MarketplaceAdapter::descriptor);
    }

    public Optional<OrderSource> orderSource(Marketplace marketplace) {
        return Optional.ofNullable(orderSources.get(marketplace));
    }

    public Collection<OrderSource> orderSources() {
        return List.copyOf(orderSources.values());
    }

    public Optional<TrackingDestination> trackingDestination(Marketplace marketplace) {
        return Optional.ofNullable(destinations.get(marketplace));
    }

    public Collection<TrackingDestination> trackingDestinations() {
        return List.copyOf(destinations.values());
    }

    public Optional<ListingSource> listingSource(Marketplace marketplace) {
        return Optional.ofNullable(listingSources.get(marketplace));
    }

    /** The adapter's own connector (credentials in hand): for the marketplace module and its tests only. */
    public Optional<MarketplaceAdapter<?>> adapter(Marketplace marketplace) {
        return Optional.ofNullable(adapters.get(marketplace));
    }

    @Override
    public Optional<String> id(UUID storeId, Meter meter) {
        if (meter != Meter.SELLER_ACCOUNT && meter != Meter.APPLICATION) {
            return Optional.empty();
        }
        return vaults.getObject().open(storeId).flatMap(credentials -> Optional.ofNullable(adapters.get(credentials.marketplace()))
                .flatMap(adapter -> adapter.meterIdOf(credentials, meter)));
    }

    private StoreCredentials open(UUID storeId) throws CredentialsExpired {
        return vaults.getObject().open(storeId)
                .orElseThrow(() -> new CredentialsExpired("The store is not connected to its marketplace."));
    }

    /** The order connector of {@code adapter}, given the store's credentials as its own record. */
    private final class VaultedOrderSource<C extends StoreCredentials> implements OrderSource {
        private final MarketplaceAdapter<C> adapter;
        private final OrderConnector<C> connector;

        VaultedOrderSource(MarketplaceAdapter<C> adapter) {
            this.adapter = adapter;
            this.connector = adapter.orders();
        }

        @Override
        public Marketplace marketplace() {
            return connector.marketplace();
        }

        @Override
        public CallLimit orderCalls() {
            return connector.orderCalls();
        }

        @Override
        public OrderPage fetch(UUID storeId, String cursor, Instant now, CallPermits permits)
                throws MarketplaceException {
            return connector.fetch(adapter.own(open(storeId)), cursor, now, permits);
        }
    }

    /** The listing connector of {@code adapter}, given the store's credentials as its own record. */
    private final class VaultedListingSource<C extends StoreCredentials> implements ListingSource {
        private final MarketplaceAdapter<C> adapter;
        private final ListingConnector<C> connector;

        VaultedListingSource(MarketplaceAdapter<C> adapter) {
            this.adapter = adapter;
            this.connector = adapter.listings();
        }

        @Override
        public Marketplace marketplace() {
            return connector.marketplace();
        }

        @Override
        public CallLimit listingCalls() {
            return connector.listingCalls();
        }

        @Override
        public ListingPage fetch(UUID storeId, String cursor, CallPermits permits) throws MarketplaceException {
            return connector.fetch(adapter.own(open(storeId)), cursor, permits);
        }
    }

    /** The tracking connector of {@code adapter}, given the store's credentials as its own record. */
    private final class VaultedDestination<C extends StoreCredentials> implements TrackingDestination {
        private final MarketplaceAdapter<C> adapter;
        private final TrackingConnector<C> connector;

        VaultedDestination(MarketplaceAdapter<C> adapter) {
            this.adapter = adapter;
            this.connector = adapter.tracking();
        }

        @Override
        public Marketplace marketplace() {
            return connector.marketplace();
        }

        @Override
        public PushReceipt push(UUID storeId, TrackingPush push) throws MarketplaceException {
            return connector.push(adapter.own(open(storeId)), push);
        }

        @Override
        public Optional<PushReceipt> findPushed(UUID storeId, String marketplaceOrderId, String trackingNumber)
                throws MarketplaceException {
            return connector.findPushed(adapter.own(open(storeId)), marketplaceOrderId, trackingNumber);
        }
    }
}
