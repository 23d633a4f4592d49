package dev.esm.catalog;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled      whether this node's scheduler runs listing syncs (the task is declared either way)
 * @param interval     the pause between the end of a store's listing scan and its next scan
 * @param retryAfter   the pause after a scan that failed (marketplace unavailable or refused)
 * @param maxRateWait  the longest single wait for a 429 the scan accepts before it stops until its next run
 * @param maxAttempts  tries of one page when the marketplace is unavailable
 * @param storesPerRun how many due stores one run of the recurring task scans
 * @param claimTimeout how long a scan may hold its store before another node counts it dead and takes over
 */
@ConfigurationProperties("esm.catalog.sync")
public record CatalogProperties(Boolean enabled, Duration interval, Duration retryAfter, Duration maxRateWait,
                                Integer maxAttempts, Integer storesPerRun, Duration claimTimeout) {

    public CatalogProperties {
        enabled = enabled == null || enabled;
        interval = interval == null ? Duration.ofMinutes(30) : interval;
        retryAfter = retryAfter == null ? Duration.ofMinutes(5) : retryAfter;
        maxRateWait = maxRateWait == null ? Duration.ofSeconds(30) : maxRateWait;
        maxAttempts = maxAttempts == null ? 3 : Math.max(1, maxAttempts);
        storesPerRun = storesPerRun == null ? 20 : Math.max(1, storesPerRun);
        claimTimeout = claimTimeout == null ? Duration.ofMinutes(15) : claimTimeout;
    }
}
