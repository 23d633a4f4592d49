package dev.esm.sandbox;

import java.time.Duration;
import java.util.Random;

/**
 * Runtime-settable fault injection. Each share is the probability (0..1) that a request gets that fault; the shares
 * add up to at most 1. Decisions come from a seeded {@link Random}, so a run with the same seed and the same request
 * order injects the same faults. Thread-safe.
 */
public final class FaultKnobs {

    public static final long DEFAULT_SEED = 20_260_101L;

    private double throttleShare;
    private double serverErrorShare;
    private double timeoutShare;
    private double malformedShare;
    private long latencyMillis;
    private long timeoutHoldMillis = 30_000;
    private boolean applyToAuth;
    private Random random = new Random(DEFAULT_SEED);

    /** Share of requests answered 429. */
    public synchronized FaultKnobs setThrottleShare(double share) {
        throttleShare = check(share, serverErrorShare + timeoutShare + malformedShare);
        return this;
    }

    /** Share of requests answered 500 or 503 (half each, seeded). */
    public synchronized FaultKnobs setServerErrorShare(double share) {
        serverErrorShare = check(share, throttleShare + timeoutShare + malformedShare);
        return this;
    }

    /** Share of requests held for {@link #setTimeoutHold(Duration)} before a 504. */
    public synchronized FaultKnobs setTimeoutShare(double share) {
        timeoutShare = check(share, throttleShare + serverErrorShare + malformedShare);
        return this;
    }

    /** Share of requests answered with a truncated (unparsable) body. */
    public synchronized FaultKnobs setMalformedShare(double share) {
        malformedShare = check(share, throttleShare + serverErrorShare + timeoutShare);
        return this;
    }

    /** Latency added to every request the knobs apply to. */
    public synchronized FaultKnobs setLatencyMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("latency must be >= 0");
        }
        latencyMillis = millis;
        return this;
    }

    /** How long a TIMEOUT fault holds the request (default 30 s); the server's close() releases it early. */
    public synchronized FaultKnobs setTimeoutHold(Duration hold) {
        timeoutHoldMillis = Math.max(0, hold.toMillis());
        return this;
    }

    /** Whether faults and latency also hit the token endpoint (default false: only data endpoints). */
    public synchronized FaultKnobs setApplyToAuth(boolean apply) {
        applyToAuth = apply;
        return this;
    }

    /** Restarts the decision sequence from a seed. */
    public synchronized FaultKnobs reseed(long seed) {
        random = new Random(seed);
        return this;
    }

    /** All shares and the latency back to 0, hold back to 30 s, auth excluded, seed back to the default. */
    public synchronized FaultKnobs reset() {
        throttleShare = serverErrorShare = timeoutShare = malformedShare = 0;
        latencyMillis = 0;
        timeoutHoldMillis = 30_000;
        applyToAuth = false;
        random = new Random(DEFAULT_SEED);
        return this;
    }

    public synchronized double throttleShare() {
        return throttleShare;
    }

    public synchronized double serverErrorShare() {
        return serverErrorShare;
    }

    public synchronized double timeoutShare() {
        return timeoutShare;
    }

    public synchronized double malformedShare() {
        return malformedShare;
    }

    public synchronized long latencyMillis() {
        return latencyMillis;
    }

    public synchronized long timeoutHoldMillis() {
        return timeoutHoldMillis;
    }

    public synchronized boolean appliesTo(Route.Kind kind) {
        return kind == Route.Kind.DATA || applyToAuth;
    }

    /** Draws the fault for the next request. */
    public synchronized Fault next() {
        double total = throttleShare + serverErrorShare + timeoutShare + malformedShare;
        if (total <= 0) {
            return Fault.NONE;
        }
        double u = random.nextDouble();
        if (u < throttleShare) {
            return Fault.THROTTLE;
        }
        u -= throttleShare;
        if (u < serverErrorShare) {
            return random.nextBoolean() ? Fault.SERVER_ERROR : Fault.SERVICE_UNAVAILABLE;
        }
        u -= serverErrorShare;
        if (u < timeoutShare) {
            return Fault.TIMEOUT;
        }
        u -= timeoutShare;
        return u < malformedShare ? Fault.MALFORMED : Fault.NONE;
    }

    private static double check(double share, double others) {
        if (share < 0 || share > 1 || Double.isNaN(share)) {
            throw new IllegalArgumentException("share must be within 0..1: " + share);
        }
        if (share + others > 1.0 + 1e-9) {
            throw new IllegalArgumentException("fault shares add up to more than 1: " + (share + others));
        }
        return share;
    }
}
