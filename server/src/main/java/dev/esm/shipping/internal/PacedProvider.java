package dev.esm.shipping.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.esm.platform.quota.Meter;
import dev.esm.platform.quota.QuotaBuckets;
import dev.esm.platform.quota.QuotaBuckets.StorePermits;
import dev.esm.platform.quota.QuotaMeters;
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
import dev.esm.shipping.LabelBatchProperties;

/**
 * The provider with every create/buy/label/retrieve call first taking a permit of its operation from the shared token
 * bucket of the <b>API key</b> it is made with ({@link QuotaBuckets}, in PostgreSQL, shared by every node and every
 * store using that key: EasyPost meters by key), so batches and single buys together stay under the provider's rate.
 * The rate is learned (ADR 29): EasyPost states no rate, so the bucket starts at the configured one and a 429 although
 * a permit was taken means the key allows less (another client on the same key, a lower plan, the provider's
 * load-based limiter): the bucket slows down ({@link StorePermits#throttled}) and climbs back slowly with each answer
 * ({@link StorePermits#answered}). A batch item waits a 429 out and repeats the call (the provider
 * processed nothing); a single buy in a request does not wait. Thread-safe.
 */
public final class PacedProvider implements ShippingProvider {

    public static final String CREATE = "easypost-shipments-create";
    public static final String BUY = "easypost-shipments-buy";
    public static final String LABEL = "easypost-shipments-label";
    static final String RETRIEVE = "easypost-shipments-retrieve";
    private static final int MAX_429 = 5;

    private final ShippingProvider provider;
    private final QuotaBuckets quotas;
    private final LabelBatchProperties properties;
    private final AtomicInteger rateLimited;
    private final java.util.concurrent.atomic.AtomicLong waitedNanos;
    private final int max429;

    /** For a batch item: 429s are waited out, up to five times. */
    PacedProvider(ShippingProvider provider, QuotaBuckets quotas, LabelBatchProperties properties,
                  AtomicInteger rateLimited, java.util.concurrent.atomic.AtomicLong waitedNanos) {
        this(provider, quotas, properties, rateLimited, waitedNanos, MAX_429);
    }

    private PacedProvider(ShippingProvider provider, QuotaBuckets quotas, LabelBatchProperties properties,
                          AtomicInteger rateLimited, java.util.concurrent.atomic.AtomicLong waitedNanos, int max429) {
        this.provider = provider;
        this.quotas = quotas;
        this.properties = properties;
        this.rateLimited = rateLimited;
        this.waitedNanos = waitedNanos;
        this.max429 = max429;
    }

    /** For one order's rate or buy in a request: paced the same, but a 429 is answered at once. */
    public static PacedProvider single(ShippingProvider provider, QuotaBuckets quotas, LabelBatchProperties properties) {
        return new PacedProvider(provider, quotas, properties, new AtomicInteger(),
                new java.util.concurrent.atomic.AtomicLong(), 1);
    }

    private interface Call<T> {
        T run() throws ShippingProviderException;
    }

    /** The limit of one operation, counted per API key. */
    CallLimit limit(String operation) {
        return new CallLimit(operation, properties.providerRate(), properties.providerBurst(), Meter.API_KEY);
    }

    /** The meters of a key: a hash of it, never the key itself. */
    public static QuotaMeters meters(ProviderKey key) {
        return QuotaMeters.only(Meter.API_KEY, "easypost:" + key.value());
    }

    private <T> T paced(String operation, ProviderKey key, Call<T> call) throws ShippingProviderException {
        CallLimit limit = limit(operation);
        StorePermits permits = quotas.permits(meters(key));
        for (int tries = 1; ; tries++) {
            long waitStart = System.nanoTime();
            try {
                permits.take(limit);
            } catch (QuotaExhausted e) {
                // our own bucket is empty for longer than a sync would wait: the item waits in the queue instead
                throw new ProviderRateLimited("The provider quota of the store's key is used up for now",
                        e.retryAfter());
            }
            waitedNanos.addAndGet(System.nanoTime() - waitStart);
            try {
                T answer = call.run();
                permits.answered(limit);
                return answer;
            } catch (ProviderRateLimited e) {
                rateLimited.incrementAndGet();
                permits.throttled(limit);
                if (tries >= max429) {
                    throw e;
                }
                long sleepStart = System.nanoTime();
                sleep(e.retryAfter() == null || e.retryAfter().isZero() ? Duration.ofSeconds(1) : e.retryAfter());
                waitedNanos.addAndGet(System.nanoTime() - sleepStart);
            }
        }
    }

    @Override
    public AddressCheck verifyAddress(ProviderKey key, PostalAddress address) throws ShippingProviderException {
        return provider.verifyAddress(key, address);
    }

    @Override
    public ProviderShipment createShipment(ProviderKey key, ShipmentRequest request) throws ShippingProviderException {
        return paced(CREATE, key, () -> provider.createShipment(key, request));
    }

    @Override
    public Optional<ProviderShipment> findShipment(ProviderKey key, String idOrReference)
            throws ShippingProviderException {
        return paced(RETRIEVE, key, () -> provider.findShipment(key, idOrReference));
    }

    @Override
    public ProviderShipment buy(ProviderKey key, String shipmentId, String rateId) throws ShippingProviderException {
        return paced(BUY, key, () -> provider.buy(key, shipmentId, rateId));
    }

    @Override
    public LabelFile label(ProviderKey key, String shipmentId, LabelFormat format) throws ShippingProviderException {
        return paced(LABEL, key, () -> provider.label(key, shipmentId, format));
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
