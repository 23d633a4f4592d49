package dev.esm.orders;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param interval      the pause between the end of one store's sync and the next, when nothing asks for more
 * @param maxAttempts   tries of one page when the marketplace is unavailable (5xx, timeouts, unreadable bodies)
 * @param firstBackoff  the first wait before retrying an unavailable marketplace; doubles each try, with jitter
 * @param maxBackoff    the longest such wait
 * @param maxRateWait   the longest single wait the sync accepts on a 429 before giving up until its next run
 * @param schedulerThreads how many store syncs one node runs at once
 * @param heartbeat     how often a node marks its running syncs alive; a sync whose node stops beating is taken over
 * @param scheduler     whether this node runs syncs at all (a node may serve pages only)
 */
@ConfigurationProperties("esm.orders.sync")
public record SyncProperties(Duration interval, Integer maxAttempts, Duration firstBackoff, Duration maxBackoff,
                             Duration maxRateWait, Integer schedulerThreads, Duration heartbeat, Boolean scheduler) {

    public SyncProperties {
        interval = interval == null ? Duration.ofSeconds(60) : interval;
        maxAttempts = maxAttempts == null ? 6 : maxAttempts;
        firstBackoff = firstBackoff == null ? Duration.ofMillis(200) : firstBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(10) : maxBackoff;
        maxRateWait = maxRateWait == null ? Duration.ofSeconds(60) : maxRateWait;
        schedulerThreads = schedulerThreads == null ? 4 : schedulerThreads;
        heartbeat = heartbeat == null ? Duration.ofSeconds(30) : heartbeat;
        scheduler = scheduler == null || scheduler;
    }
}
