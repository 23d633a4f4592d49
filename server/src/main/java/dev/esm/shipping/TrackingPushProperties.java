package dev.esm.shipping;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The tracking push job ({@link TrackingPushes}, ADR 10).
 *
 * @param threads       how many pushes a node works on at once (its job workers of kind {@code tracking-push})
 * @param firstRetry    the wait after the first failed attempt (marketplace unavailable); doubled per attempt, with
 *                      ±20 % jitter, up to {@code maxRetry}; a 429's Retry-After is waited out when longer
 * @param maxRetry      the longest wait between attempts
 * @param maxAttempts   attempts before a push is given up (FAILED, "retry push" starts over)
 * @param lease         how long a node's claim of a push holds; renewed before each marketplace call and (the job's) by
 *                      the node's heartbeat. Must exceed the marketplaces' request timeouts: a claim left by a dead node
 *                      is taken over only after it
 * @param settle        after a push whose answer was lost, how long to wait before reading the order back (a request
 *                      the marketplace is still working on must have landed by then)
 * @param reconnectWait how long a push waits while the store's credentials are refused before it tries again
 *                      (reconnecting the store retries it at once)
 * @param batch         pushes {@link TrackingPushes#runDue()} works at most
 */
@ConfigurationProperties("esm.shipping.push")
public record TrackingPushProperties(Integer threads, Duration firstRetry, Duration maxRetry,
                                     Integer maxAttempts, Duration lease, Duration settle, Duration reconnectWait,
                                     Integer batch) {

    public TrackingPushProperties {
        threads = threads == null ? 2 : Math.max(0, threads);
        firstRetry = firstRetry == null ? Duration.ofSeconds(10) : firstRetry;
        maxRetry = maxRetry == null ? Duration.ofMinutes(30) : maxRetry;
        maxAttempts = maxAttempts == null ? 30 : maxAttempts;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        settle = settle == null ? Duration.ofSeconds(30) : settle;
        reconnectWait = reconnectWait == null ? Duration.ofMinutes(15) : reconnectWait;
        batch = batch == null ? 20 : batch;
    }
}
