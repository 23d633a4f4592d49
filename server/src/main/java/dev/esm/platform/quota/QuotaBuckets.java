package dev.esm.platform.quota;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;


/**
 * Marketplace call quotas as token buckets in PostgreSQL ({@code esm.rate_bucket}), one per store and operation,
 * shared by every node: Bucket4j's PostgreSQL proxy manager locks a bucket's row ({@code SELECT ... FOR UPDATE}) for
 * each change, on its own connection from the pool and in its own short transaction, outside any tenant
 * transaction (the table holds no operator data and has no row-level security; ADR 8).
 *
 * <p>A bucket starts from the connector's documented limit, overridden by {@code esm.orders.sync.quotas}, scaled by
 * {@code esm.orders.sync.quota-headroom}. The marketplace's stated rate replaces the bucket's rate; its stated count
 * of calls left drains the bucket down to it.
 */
@Service
public class QuotaBuckets {

    private static final Logger log = LoggerFactory.getLogger(QuotaBuckets.class);
    /** An idle bucket's row is removed this long after it would be full again. */
    private static final Duration KEEP_IDLE = Duration.ofMinutes(10);
    /** A 429 slows a bucket to this share of its rate... */
    static final double SLOW_DOWN = 0.8;
    /** ...but never below this share of the configured rate. */
    static final double FLOOR = 0.1;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final QuotaPolicy properties;
    private final List<QuotaMeterSource> meterSources;

    @Autowired
    QuotaBuckets(DataSource dataSource, QuotaPolicy properties, ObjectProvider<QuotaMeterSource> meterSources) {
        this(dataSource, properties, meterSources.orderedStream().toList());
    }

    private QuotaBuckets(DataSource dataSource, QuotaPolicy properties, List<QuotaMeterSource> meterSources) {
        this.meterSources = List.copyOf(meterSources);
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("esm.rate_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_IDLE))
                .build();
        this.properties = properties;
    }

    /** Buckets read and written through another pool: how a second node sees the same quotas. */
    public static QuotaBuckets on(DataSource dataSource, QuotaPolicy properties, List<QuotaMeterSource> sources) {
        return new QuotaBuckets(dataSource, properties, sources);
    }

    /**
     * The store's meters: its own id, and the seller account and application its calls count against as the
     * {@link QuotaMeterSource}s name them (asked in the caller's tenant context, when a limit first needs them).
     */
    public QuotaMeters meters(UUID storeId) {
        return QuotaMeters.of(storeId, meterSources);
    }

    /** The store's quotas for one fetch; {@link StorePermits#drainWaits()} counts the waits it made. */
    public StorePermits permits(UUID storeId) {
        return new StorePermits(meters(storeId));
    }

    /** Quotas metered by the given ids (e.g. a provider's API key). */
    public StorePermits permits(QuotaMeters meters) {
        return new StorePermits(meters);
    }

    /** The limit the store's bucket applies now: the marketplace's stated rate, else the configured one, with headroom. */
    public CallLimit effective(UUID storeId, CallLimit declared) {
        return effective(meters(storeId), declared);
    }

    public CallLimit effective(QuotaMeters meters, CallLimit declared) {
        return buckets.getProxyConfiguration(meters.key(declared))
                .map(configuration -> limit(declared, configuration))
                .orElseGet(() -> scaled(configured(declared)));
    }

    /** How long until the store's bucket allows the next call (zero when it allows one now); takes nothing. */
    public Duration untilAvailable(UUID storeId, CallLimit declared) {
        return untilAvailable(meters(storeId), declared);
    }

    public Duration untilAvailable(QuotaMeters meters, CallLimit declared) {
        long nanos = bucket(meters, declared).estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Duration.ofNanos(nanos);
    }

    /** Tokens left in the bucket now (for tests and health pages); takes nothing. */
    public long available(QuotaMeters meters, CallLimit declared) {
        return bucket(meters, declared).getAvailableTokens();
    }

    /**
     * Sets the store's quota for an operation, as the marketplace states it or an operator sets it; headroom is
     * applied, the calls already used stay used.
     */
    public void replace(UUID storeId, CallLimit limit) {
        replace(meters(storeId), limit);
    }

    public void replace(QuotaMeters meters, CallLimit limit) {
        bucket(meters, limit).replaceConfiguration(configuration(scaled(limit)), TokensInheritanceStrategy.AS_IS);
    }

    /** Deletes idle buckets' rows (a bucket that is full again is the same as none); returns how many. */
    public int removeExpired() {
        int removed = 0;
        int batch;
        do {
            batch = buckets.removeExpired(500);
            removed += batch;
        } while (batch == 500);
        return removed;
    }

    private BucketProxy bucket(QuotaMeters meters, CallLimit declared) {
        return buckets.builder().build(meters.key(declared), () -> configuration(scaled(configured(declared))));
    }

    /** The documented limit with the operator's override, if any. */
    private CallLimit configured(CallLimit declared) {
        QuotaPolicy.Override override = properties.overrides().get(declared.operation());
        if (override == null) {
            return declared;
        }
        return new CallLimit(declared.operation(), override.rate() != null ? override.rate() : declared.ratePerSecond(),
                override.burst() != null ? override.burst() : declared.burst(), declared.meteredBy());
    }

    private CallLimit scaled(CallLimit limit) {
        double headroom = properties.headroom();
        return new CallLimit(limit.operation(), limit.ratePerSecond() * headroom,
                Math.max(1, (long) Math.floor(limit.burst() * headroom)), limit.meteredBy());
    }

    private static BucketConfiguration configuration(CallLimit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit.burst()).refillGreedy(1, limit.perCall()).build())
                .build();
    }

    private static CallLimit limit(CallLimit declared, BucketConfiguration configuration) {
        Bandwidth bandwidth = configuration.getBandwidths()[0];
        double rate = bandwidth.getRefillTokens() * 1_000_000_000.0 / bandwidth.getRefillPeriodNanos();
        return new CallLimit(declared.operation(), rate, bandwidth.getCapacity(), declared.meteredBy());
    }

    /** One store's permits for one fetch (one sync's page); not shared between threads. */
    public final class StorePermits implements CallPermits {

        private final QuotaMeters meters;
        private final Map<String, Long> remaining = new ConcurrentHashMap<>();
        private int waits;

        private StorePermits(QuotaMeters meters) {
            this.meters = meters;
        }

        /** The meters these permits count by. */
        public QuotaMeters meters() {
            return meters;
        }

        /** How often a call waited for the quota since the last time this was asked. */
        public int drainWaits() {
            int drained = waits;
            waits = 0;
            return drained;
        }

        @Override
        public void take(CallLimit limit) throws QuotaExhausted {
            BucketProxy bucket = bucket(meters, limit);
            long waitedNanos = 0;
            boolean waited = false;
            while (true) {
                ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
                if (probe.isConsumed()) {
                    remaining.put(limit.operation(), probe.getRemainingTokens());
                    if (waited) {
                        waits++;
                    }
                    return;
                }
                long wait = probe.getNanosToWaitForRefill();
                if (waitedNanos + wait > properties.maxWait().toNanos()) {
                    throw new QuotaExhausted("The quota for " + limit.operation() + " is used up for now",
                            Duration.ofNanos(wait));
                }
                // a little jitter, so that nodes waiting for the same bucket do not all ask at the same instant
                long jitter = ThreadLocalRandom.current().nextLong(1_000_000, 20_000_000);
                sleep(wait + jitter);
                waitedNanos += wait + jitter;
                waited = true;
            }
        }

        @Override
        public void marketplaceRate(CallLimit limit, double ratePerSecond) {
            CallLimit current = effective(meters, limit);
            double wanted = ratePerSecond * properties.headroom();
            if (Math.abs(current.ratePerSecond() - wanted) > wanted * 0.01) {
                log.info("Quota {}: the API applies {} calls/s; the bucket follows", limit.operation(), ratePerSecond);
                bucket(meters, limit).replaceConfiguration(
                        configuration(new CallLimit(limit.operation(), wanted, current.burst(), limit.meteredBy())),
                        TokensInheritanceStrategy.AS_IS);
            }
        }

        /**
         * Learns from a 429: the bucket's rate drops to {@value #SLOW_DOWN} of what it was (never below
         * {@value #FLOOR} of the configured rate) and its tokens are used up, so every node waits a call's time. An
         * idle bucket expires, and with it what was learned: it starts again from the configured rate.
         */
        @Override
        public void throttled(CallLimit limit) {
            CallLimit current = effective(meters, limit);
            double floor = scaled(configured(limit)).ratePerSecond() * FLOOR;
            double slower = Math.max(floor, current.ratePerSecond() * SLOW_DOWN);
            log.info("Quota {}: the API answered 429; the bucket slows from {} to {} calls/s", limit.operation(),
                    current.ratePerSecond(), slower);
            BucketProxy bucket = bucket(meters, limit);
            bucket.replaceConfiguration(configuration(new CallLimit(limit.operation(), slower, current.burst(),
                    limit.meteredBy())), TokensInheritanceStrategy.AS_IS);
            bucket.tryConsumeAsMuchAsPossible();
        }

        @Override
        public void marketplaceTokens(CallLimit limit, long tokensLeft) {
            Long ours = remaining.get(limit.operation());
            if (ours != null && ours <= tokensLeft) {
                return;
            }
            BucketProxy bucket = bucket(meters, limit);
            long available = ours != null ? ours : bucket.getAvailableTokens();
            if (available > tokensLeft) {
                long drained = bucket.tryConsumeAsMuchAsPossible(available - tokensLeft);
                remaining.put(limit.operation(), Math.max(0, available - drained));
            }
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos).toMillis() + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a marketplace quota", e);
        }
    }
}
