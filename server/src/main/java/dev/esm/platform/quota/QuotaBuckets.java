package dev.esm.platform.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * <p>A bucket starts from the connector's documented limit (its whole burst), overridden by
 * {@code esm.orders.sync.quotas} and capped by {@code esm.orders.sync.quota-headroom} (1 by default: no cap). Its rate
 * is then learned ({@link LearnedRate}, ADR 29): the marketplace's stated rate replaces it; a 429 although a permit was
 * taken lowers it at once and it climbs back slowly (what the bucket learned is kept in its row, so every node applies
 * it); a stated count of calls left drains the bucket down to it.
 */
@Service
public class QuotaBuckets {

    private static final Logger log = LoggerFactory.getLogger(QuotaBuckets.class);
    /** An idle bucket's row is removed this long after it would be full again. */
    private static final Duration KEEP_IDLE = Duration.ofMinutes(10);

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final DataSource dataSource;
    private final QuotaPolicy properties;
    private final List<QuotaMeterSource> meterSources;

    @Autowired
    QuotaBuckets(DataSource dataSource, QuotaPolicy properties, ObjectProvider<QuotaMeterSource> meterSources) {
        this(dataSource, properties, meterSources.orderedStream().toList());
    }

    private QuotaBuckets(DataSource dataSource, QuotaPolicy properties, List<QuotaMeterSource> meterSources) {
        this.meterSources = List.copyOf(meterSources);
        this.dataSource = dataSource;
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

    /** The limit the store's bucket applies now: what it learned (or the marketplace stated), else the configured one. */
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

    /**
     * Deletes the buckets of these meters (the store's own, its seller account's, an API key's; never the
     * application's): for a store whose operator deleted their account. Returns how many rows went.
     */
    public int forget(QuotaMeters meters) {
        int removed = 0;
        var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(dataSource);
        for (String prefix : meters.ownKeyPrefixes()) {
            String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            removed += jdbc.sql("delete from esm.rate_bucket where id like ?").param(pattern).update();
        }
        return removed;
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

        /**
         * The API stated the rate it applies: the bucket's ceiling. Without a 429 remembered the bucket takes it as
         * it is; after one, it follows {@link LearnedRate} below it.
         */
        @Override
        public void marketplaceRate(CallLimit limit, double ratePerSecond) {
            Throttle throttle = throttle(meters.key(limit));
            follow(limit, ratePerSecond * properties.headroom(), throttle);
        }

        /** After a 429 remembered, the bucket climbs back towards its configured rate ({@link LearnedRate}). */
        @Override
        public void answered(CallLimit limit) {
            Throttle throttle = throttle(meters.key(limit));
            if (throttle != null) {
                follow(limit, scaled(configured(limit)).ratePerSecond(), throttle);
            }
        }

        private void follow(CallLimit limit, double ceiling, Throttle throttle) {
            double wanted = throttle == null ? ceiling
                    : LearnedRate.rate(ceiling, throttle.rate(), throttle.secondsSince());
            CallLimit current = effective(meters, limit);
            if (Math.abs(current.ratePerSecond() - wanted) > wanted * 0.01) {
                log.debug("Quota {}: {} calls/s (ceiling {}{})", limit.operation(), wanted, ceiling,
                        throttle == null ? "" : ", a 429 " + (long) throttle.secondsSince() + " s ago");
                bucket(meters, limit).replaceConfiguration(
                        configuration(new CallLimit(limit.operation(), wanted, current.burst(), limit.meteredBy())),
                        TokensInheritanceStrategy.AS_IS);
            }
        }

        /**
         * Learns from a 429: the rate at this moment is too high. The bucket remembers its estimate of what the API
         * allows ({@link LearnedRate#target}) and when (in its row, on the database's clock) and slows down; the 429s
         * of calls that were already under way (the same episode) lower it only once. Its tokens are used up either way, so that every node
         * waits a call's time. An idle bucket expires, and with it what was learned.
         */
        @Override
        public void throttled(CallLimit limit) {
            String key = meters.key(limit);
            CallLimit current = effective(meters, limit);
            BucketProxy bucket = bucket(meters, limit);
            Throttle last = throttle(key);
            double target = LearnedRate.target(current.ratePerSecond(), last == null ? null : last.rate(),
                    last == null ? 0 : last.secondsSince());
            if (markThrottled(key, target)) {
                double ceiling = Math.max(current.ratePerSecond(), scaled(configured(limit)).ratePerSecond());
                double slower = LearnedRate.rate(ceiling, target, 0);
                log.info("Quota {}: the API answered 429 at {} calls/s; the bucket slows to {} calls/s",
                        limit.operation(), current.ratePerSecond(), slower);
                bucket.replaceConfiguration(configuration(new CallLimit(limit.operation(), slower, current.burst(),
                        limit.meteredBy())), TokensInheritanceStrategy.AS_IS);
            }
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

    /** The last 429 a bucket remembers: T, the rate the API was estimated to allow, and how long ago it came. */
    record Throttle(double rate, double secondsSince) {
    }

    /** The last 429 the bucket's row remembers; null when none (or no row yet). */
    Throttle throttle(String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     select throttled_rate, extract(epoch from (now() - throttled_at))::float8
                       from esm.rate_bucket where id = ? and throttled_at is not null and throttled_rate > 0""")) {
            statement.setString(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? new Throttle(rs.getDouble(1), rs.getDouble(2)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read what the quota bucket learned", e);
        }
    }

    /**
     * Remembers a 429 (and {@code rate}, the estimate of what the API allows) in the bucket's row, unless the last
     * one is recent enough to belong to the same episode ({@link LearnedRate#sameEpisode}); one statement, so that of two nodes seeing 429s at once only one
     * lowers the rate. Whether this 429 was remembered.
     */
    boolean markThrottled(String key, double rate) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     update esm.rate_bucket set throttled_at = now(), throttled_rate = ?
                      where id = ? and (throttled_at is null or throttled_rate is null or throttled_rate <= 0
                            or now() - throttled_at >= make_interval(secs => greatest(?, ? / throttled_rate)))""")) {
            statement.setDouble(1, rate);
            statement.setString(2, key);
            statement.setDouble(3, LearnedRate.SAME_EPISODE_SECONDS);
            statement.setDouble(4, LearnedRate.SAME_EPISODE_CALLS);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record a 429 in the quota bucket", e);
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
