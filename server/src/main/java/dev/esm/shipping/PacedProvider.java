package dev.esm.shipping;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.esm.platform.quota.QuotaBuckets.StorePermits;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.QuotaExhausted;
import dev.esm.shipping.spi.AddressCheck;
import dev.esm.shipping.spi.LabelFile;
import dev.esm.shipping.spi.LabelFormat;
import dev.esm.shipping.spi.PostalAddress;
import dev.esm.shipping.spi.ProviderKey;
import dev.esm.shipping.spi.ProviderShipment;
import dev.esm.shipping.spi.RefundStatus;
import dev.esm.shipping.spi.ShipmentRequest;
import dev.esm.shipping.spi.ShippingProvider;
import dev.esm.shipping.spi.ShippingProviderException;
import dev.esm.shipping.spi.ShippingProviderException.ProviderRateLimited;
import dev.esm.shipping.spi.TrackingInfo;

/**
 * The provider as one batch item sees it: every call first takes a permit of its operation from the store's shared
 * token bucket ({@link dev.esm.platform.quota.QuotaBuckets}, in PostgreSQL, shared by every node), so batches together stay
 * under the provider's rate. A 429 anyway (another client on the same key) is waited out and the call repeated: the
 * provider did not process it. Not shared between threads.
 */
final class PacedProvider implements ShippingProvider {

    static final String CREATE = "easypost-shipments-create";
    static final String BUY = "easypost-shipments-buy";
    static final String LABEL = "easypost-shipments-label";
    static final String RETRIEVE = "easypost-shipments-retrieve";
    private static final int MAX_429 = 5;

    private final ShippingProvider provider;
    private final StorePermits permits;
    private final LabelBatchProperties properties;
    private final AtomicInteger rateLimited;

    PacedProvider(ShippingProvider provider, StorePermits permits, LabelBatchProperties properties,
                  AtomicInteger rateLimited) {
        this.provider = provider;
        this.permits = permits;
        this.properties = properties;
        this.rateLimited = rateLimited;
    }

    private interface Call<T> {
        T run() throws ShippingProviderException;
    }

    private <T> T paced(String operation, Call<T> call) throws ShippingProviderException {
        CallLimit limit = new CallLimit(operation, properties.providerRate(), properties.providerBurst());
        for (int tries = 1; ; tries++) {
            try {
                permits.take(limit);
            } catch (QuotaExhausted e) {
                // our own bucket is empty for longer than a sync would wait: the item waits in the queue instead
                throw new ProviderRateLimited("The store's provider quota is used up for now", e.retryAfter());
            }
            try {
                return call.run();
            } catch (ProviderRateLimited e) {
                rateLimited.incrementAndGet();
                if (tries >= MAX_429) {
                    throw e;
                }
                sleep(e.retryAfter() == null || e.retryAfter().isZero() ? Duration.ofSeconds(1) : e.retryAfter());
            }
        }
    }

    @Override
    public AddressCheck verifyAddress(ProviderKey key, PostalAddress address) throws ShippingProviderException {
        return provider.verifyAddress(key, address);
    }

    @Override
    public ProviderShipment createShipment(ProviderKey key, ShipmentRequest request) throws ShippingProviderException {
        return paced(CREATE, () -> provider.createShipment(key, request));
    }

    @Override
    public Optional<ProviderShipment> findShipment(ProviderKey key, String idOrReference)
            throws ShippingProviderException {
        return paced(RETRIEVE, () -> provider.findShipment(key, idOrReference));
    }

    @Override
    public ProviderShipment buy(ProviderKey key, String shipmentId, String rateId) throws ShippingProviderException {
        return paced(BUY, () -> provider.buy(key, shipmentId, rateId));
    }

    @Override
    public LabelFile label(ProviderKey key, String shipmentId, LabelFormat format) throws ShippingProviderException {
        return paced(LABEL, () -> provider.label(key, shipmentId, format));
    }

    @Override
    public RefundStatus refund(ProviderKey key, String shipmentId) throws ShippingProviderException {
        return provider.refund(key, shipmentId);
    }

    @Override
    public TrackingInfo track(ProviderKey key, String trackingCode, String carrier) throws ShippingProviderException {
        return provider.track(key, trackingCode, carrier);
    }

    private static void sleep(Duration wait) throws ProviderRateLimited {
        try {
            Thread.sleep(Math.min(wait.toMillis(), 30_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderRateLimited("Interrupted while waiting out a 429", wait);
        }
    }
}
