package dev.esm.orders;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param interval          the longest pause between the end of one store's sync and the next
 * @param minInterval       the shortest such pause: a store whose quota allows it is polled this often
 * @param reconnectInterval the pause while a store must be reconnected (or is not connected)
 * @param maxAttempts       tries of one page when the marketplace is unavailable (5xx, timeouts, unreadable bodies)
 * @param firstBackoff      the first wait before retrying an unavailable marketplace; doubles each try, with jitter
 * @param maxBackoff        the longest such wait
 * @param maxRateWait       the longest single wait the sync accepts, for a 429 or for the store's own quota, before
 *                          it pauses until its next run
 * @param breakerFailures   failed syncs in a row (marketplace unavailable) after which the store's breaker opens
 * @param breakerCoolDown   how long an open breaker keeps the store's sync from calling the marketplace
 * @param quotaHeadroom     an operator's cap on the share of a marketplace's quota ESM uses (rate and burst); 1, the
 *                          default, caps nothing: ESM spends the documented burst and learns the rate from the
 *                          marketplace's rate headers and 429s (ADR 29)
 * @param quotas            overrides of the documented quotas, by operation ({@code walmart-orders},
 *                          {@code amazon-search-orders}, ...)
 * @param schedulerThreads  how many store syncs one node runs at once
 * @param heartbeat         how often a node marks its running syncs alive; a sync whose node stops beating is taken
 *                          over
 * @param scheduler         whether this node runs syncs at all (a node may serve pages only)
 */
@ConfigurationProperties("esm.orders.sync")
public record SyncProperties(Duration interval, Duration minInterval, Duration reconnectInterval, Integer maxAttempts,
                             Duration firstBackoff, Duration maxBackoff, Duration maxRateWait, Integer breakerFailures,
                             Duration breakerCoolDown, Double quotaHeadroom, Map<String, Quota> quotas,
                             Integer schedulerThreads, Duration heartbeat, Boolean scheduler) {

    public SyncProperties {
        interval = interval == null ? Duration.ofSeconds(60) : interval;
        minInterval = minInterval == null ? Duration.ofSeconds(5) : minInterval;
        if (minInterval.compareTo(interval) > 0) {
            minInterval = interval;
        }
        reconnectInterval = reconnectInterval == null ? Duration.ofMinutes(15) : reconnectInterval;
        maxAttempts = maxAttempts == null ? 6 : maxAttempts;
        firstBackoff = firstBackoff == null ? Duration.ofMillis(200) : firstBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(10) : maxBackoff;
        maxRateWait = maxRateWait == null ? Duration.ofSeconds(60) : maxRateWait;
        breakerFailures = breakerFailures == null ? 3 : Math.max(1, breakerFailures);
        breakerCoolDown = breakerCoolDown == null ? Duration.ofMinutes(5) : breakerCoolDown;
        quotaHeadroom = quotaHeadroom == null ? 1.0 : Math.min(1.0, Math.max(0.1, quotaHeadroom));
        quotas = quotas == null ? Map.of() : Map.copyOf(quotas);
        schedulerThreads = schedulerThreads == null ? 4 : schedulerThreads;
        heartbeat = heartbeat == null ? Duration.ofSeconds(30) : heartbeat;
        scheduler = scheduler == null || scheduler;
    }

    /** How the shared quota buckets ({@code platform.quota}) apply these settings. */
    public dev.esm.platform.quota.QuotaPolicy quotaPolicy() {
        java.util.Map<String, dev.esm.platform.quota.QuotaPolicy.Override> overrides = new java.util.HashMap<>();
        quotas.forEach((operation, quota) -> overrides.put(operation,
                new dev.esm.platform.quota.QuotaPolicy.Override(quota.rate(), quota.burst())));
        return new dev.esm.platform.quota.QuotaPolicy(quotaHeadroom, maxRateWait, overrides);
    }

    /** An operator's override of one operation's quota; an unset field keeps the documented figure. */
    public record Quota(Double rate, Long burst) {
    }
}
