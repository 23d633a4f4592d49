package dev.esm.platform.sse;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bounds of the node's live-progress streams (server-sent events).
 *
 * @param maxPerOperator   open streams one operator may hold on this node (default 10); beyond it 429
 * @param maxTotal         open streams on this node (default 500); beyond it 429
 * @param poll             how often a topic's shared poll reads the database (default 500 ms)
 * @param heartbeat        a comment is sent on a quiet stream this often, so that a client that left is noticed by
 *                         the failed write (default 3 s: a gone client is dropped within about two heartbeats)
 * @param schedulerThreads threads of the scheduler that runs every poll and heartbeat on the node (default 2)
 * @param retryAfter       the Retry-After of a 429 (default 10 s)
 */
@ConfigurationProperties("esm.platform.sse")
record SseProperties(Integer maxPerOperator, Integer maxTotal, Duration poll, Duration heartbeat,
                     Integer schedulerThreads, Duration retryAfter) {

    SseProperties {
        maxPerOperator = positive(maxPerOperator, 10, "max-per-operator");
        maxTotal = positive(maxTotal, 500, "max-total");
        schedulerThreads = positive(schedulerThreads, 2, "scheduler-threads");
        poll = positive(poll, Duration.ofMillis(500), "poll");
        heartbeat = positive(heartbeat, Duration.ofSeconds(3), "heartbeat");
        retryAfter = positive(retryAfter, Duration.ofSeconds(10), "retry-after");
    }

    private static Integer positive(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException("esm.platform.sse." + name + " must be at least 1");
        }
        return value;
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("esm.platform.sse." + name + " must be positive");
        }
        return value;
    }
}
