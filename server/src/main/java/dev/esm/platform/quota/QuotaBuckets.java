package dev.esm.platform.quota;

import java.time.Duration;
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

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final QuotaPolicy properties;

    @Autowired
    QuotaBuckets(DataSource dataSource, QuotaPolicy properties) {
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
    public static QuotaBuckets on(DataSource dataSource, QuotaPolicy properties) {
        return new QuotaBuckets(dataSource, properties);
    }

    /** The store's quotas for one fetch; {@link StorePermits#drainWaits()} counts the waits it made. */
    public StorePermits permits(UUID storeId) {
        return new StorePermits(storeId);
    }

    /** The limit the store's bucket applies now: the marketplace's stated rate, else the configured one, with headroom. */
    public CallLimit effective(UUID storeId, CallLimit declared) {
        return buckets.getProxyConfiguration(key(storeId, declared))
                .map(configuration -> limit(declared.operation(), configuration))
                .orElseGet(() -> scaled(configured(declared)));
    }

    /** How long until the store's bucket allows the next call (zero when it allows one now); takes nothing. */
    public Duration untilAvailable(UUID storeId, CallLimit declared) {
        long nanos = bucket(storeId, declared).estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Duration.ofNanos(nanos);
    }

    /**
     * Sets the store's quota for an operation, as the marketplace states it or an operator sets it; headroom is
     * applied, the calls already used stay used.
     */
    public void replace(UUID storeId, CallLimit limit) {
        bucket(storeId, limit).replaceConfiguration(configuration(scaled(limit)), TokensInheritanceStrategy.AS_IS);
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

    private BucketProxy bucket(UUID storeId, CallLimit declared) {
        return buckets.builder().build(key(storeId, declared), () -> configuration(scaled(configured(declared))));
    }

    private static String key(UUID storeId, CallLimit limit) {
        return storeId + "/" + limit.operation();
    }

    /** The documented limit with the operator's override, if any. */
    private CallLimit configured(CallLimit declared) {
        QuotaPolicy.Override override = properties.overrides().get(declared.operation());
        if (override == null) {
            return declared;
        }
        return new CallLimit(declared.operation(), override.rate() != null ? override.rate() : declared.ratePerSecond(),
                override.burst() != null ? override.burst() : declared.burst());
    }

    private CallLimit scaled(CallLimit limit) {
        double headroom = properties.headroom();
        return new CallLimit(limit.operation(), limit.ratePerSecond() * headroom,
                Math.max(1, (long) Math.floor(limit.burst() * headroom)));
    }

    private static BucketConfiguration configuration(CallLimit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit.burst()).refillGreedy(1, limit.perCall()).build())
                .build();
    }

    private static CallLimit limit(String operation, BucketConfiguration configuration) {
        Bandwidth bandwidth = configuration.getBandwidths()[0];
        double rate = bandwidth.getRefillTokens() * 1_000_000_000.0 / bandwidth.getRefillPeriodNanos();
        return new CallLimit(operation, rate, bandwidth.getCapacity());
    }

    /** One store's permits for one fetch (one sync's page); not shared between threads. */
    public final class StorePermits implements CallPermits {

        private final UUID storeId;
        private final Map<String, Long> remaining = new ConcurrentHashMap<>();
        private int waits;

        private StorePermits(UUID storeId) {
            this.storeId = storeId;
        }

        /** How often a call waited for the quota since the last time this was asked. */
        public int drainWaits() {
            int drained = waits;
            waits = 0;
            return drained;
        }

        @Override
        public void take(CallLimit limit) throws QuotaExhausted {
            BucketProxy bucket = bucket(storeId, limit);
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
            CallLimit current = effective(storeId, limit);
            double wanted = ratePerSecond * properties.headroom();
            if (Math.abs(current.ratePerSecond() - wanted) > wanted * 0.01) {
                log.info("Quota {} of store {}: the marketplace applies {} calls/s; the bucket follows",
                        limit.operation(), storeId, ratePerSecond);
                bucket(storeId, limit).replaceConfiguration(
                        configuration(new CallLimit(limit.operation(), wanted, current.burst())),
                        TokensInheritanceStrategy.AS_IS);
            }
        }

        @Override
        public void marketplaceTokens(CallLimit limit, long tokensLeft) {
            Long ours = remaining.get(limit.operation());
            if (ours != null && ours <= tokensLeft) {
                return;
            }
            BucketProxy bucket = bucket(storeId, limit);
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
