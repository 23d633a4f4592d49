package dev.esm.platform.jobs;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: {@code first × 2^(attempt-1)}, at most {@code max}, then spread by ± {@code jitter}
 * (a share of the wait, 0 to 1) so that jobs that failed together do not come back together.
 */
public record Backoff(Duration first, Duration max, double jitter) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(30), 0.2);

    public Backoff {
        if (first.isNegative() || max.compareTo(first) < 0 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("backoff needs 0 <= first <= max and 0 <= jitter < 1");
        }
    }

    /** The wait after the {@code attempt}-th failed attempt (1 for the first). */
    public Duration delay(int attempt, RandomGenerator random) {
        double base = first.toMillis() * Math.pow(2, Math.min(40, Math.max(0, attempt - 1)));
        double capped = Math.min(base, max.toMillis());
        double spread = jitter == 0 ? 1 : random.nextDouble(1 - jitter, 1 + jitter);
        return Duration.ofMillis((long) (capped * spread));
    }
}
