package dev.esm.platform.quota;

import java.time.Duration;

/**
 * A bucket has no call for longer than the caller may wait. The platform's own outcome: each caller maps it to its
 * vocabulary (a marketplace connector to {@code MarketplaceException.RateLimited}, a label batch to a provider 429).
 */
public final class QuotaExhausted extends Exception {

    private final Duration retryAfter;

    public QuotaExhausted(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    /** When the bucket has a call again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
