package dev.esm.sandbox;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per (subject, operation): a bucket holds up to {@code burst} tokens, refills at
 * {@code ratePerSecond}, starts full, and each request takes one token. Operations without a quota are unlimited.
 * Time comes from the simulator's clock, so tests can advance it instead of sleeping. Thread-safe.
 */
public final class RateLimiter {

    /** A bucket's size and refill rate. */
    public record Quota(double ratePerSecond, int burst) {
        public Quota {
            if (!(ratePerSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
            }
        }
    }

    /**
     * Outcome of one acquire: whether the request may pass, whole tokens left after it, when the next token arrives
     * (epoch ms) and, for a refusal, how many seconds to wait. {@code limited} is false for unlimited operations.
     */
    public record Decision(boolean allowed, boolean limited, long tokensLeft, long nextReplenishEpochMillis,
                           long retryAfterSeconds) {
    }

    private volatile Clock clock;
    private final Map<String, Quota> quotas = new ConcurrentHashMap<>();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile boolean enabled = true;

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Runs the buckets on another clock from now on (e.g. {@link SandboxClock#scaled}: a faster one); every bucket
     * starts full again.
     */
    public RateLimiter setClock(Clock clock) {
        this.clock = clock;
        buckets.clear();
        return this;
    }

    /** Sets (or replaces) the quota of an operation; existing buckets for it start full again. */
    public RateLimiter setQuota(String operation, double ratePerSecond, int burst) {
        quotas.put(operation, new Quota(ratePerSecond, burst));
        buckets.keySet().removeIf(key -> key.endsWith("\u0000" + operation));
        return this;
    }

    /** Makes an operation unlimited. */
    public RateLimiter removeQuota(String operation) {
        quotas.remove(operation);
        buckets.keySet().removeIf(key -> key.endsWith("\u0000" + operation));
        return this;
    }

    public Quota quota(String operation) {
        return quotas.get(operation);
    }

    public Map<String, Quota> quotas() {
        return Map.copyOf(quotas);
    }

    /** Switches all quotas off (every request passes; headers still report a full bucket) or back on. */
    public RateLimiter setEnabled(boolean on) {
        enabled = on;
        return this;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Refills every bucket. */
    public void reset() {
        buckets.clear();
    }

    /** Tokens a subject has left for an operation without taking one (-1 when unlimited). */
    public long peek(String subject, String operation) {
        Quota quota = quotas.get(operation);
        if (quota == null) {
            return -1;
        }
        Bucket bucket = buckets.get(subject + "\u0000" + operation);
        return bucket == null ? quota.burst() : bucket.peek(quota, clock.millis());
    }

    public Decision tryAcquire(String subject, String operation) {
        Quota quota = quotas.get(operation);
        long now = clock.millis();
        if (quota == null) {
            return new Decision(true, false, -1, now, 0);
        }
        if (!enabled) {
            return new Decision(true, true, quota.burst(), now, 0);
        }
        Bucket bucket = buckets.computeIfAbsent(subject + "\u0000" + operation, k -> new Bucket(quota.burst(), now));
        return bucket.take(quota, now);
    }

    private static final class Bucket {
        private double tokens;
        private long lastRefill;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastRefill = now;
        }

        synchronized long peek(Quota quota, long now) {
            refill(quota, now);
            return (long) Math.floor(tokens);
        }

        synchronized Decision take(Quota quota, long now) {
            refill(quota, now);
            boolean allowed = tokens >= 1.0;
            if (allowed) {
                tokens -= 1.0;
            }
            long whole = (long) Math.floor(tokens);
            long toNext = tokens >= quota.burst() ? 0 : millisFor(whole + 1 - tokens, quota);
            long retryAfter = allowed ? 0 : Math.max(1, (millisFor(1.0 - tokens, quota) + 999) / 1000);
            return new Decision(allowed, true, whole, now + toNext, retryAfter);
        }

        private void refill(Quota quota, long now) {
            if (now > lastRefill) {
                tokens = Math.min(quota.burst(), tokens + (now - lastRefill) * quota.ratePerSecond() / 1000.0);
                lastRefill = now;
            }
        }

        private static long millisFor(double tokensNeeded, Quota quota) {
            return (long) Math.ceil(tokensNeeded * 1000.0 / quota.ratePerSecond());
        }
    }
}
