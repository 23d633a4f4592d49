package dev.esm.shipping.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many label batch items one node works on at once, following Little's law (ADR 29): items in flight ≈ the rate
 * items complete at × the time an item takes. The time is measured without the waits for the provider's rate (an
 * item waiting for a permit is not doing work), so when the node is short of items in flight the completions come at
 * the rate the limit allows, the product grows by {@value #MARGIN} (+{@value #SPARE}) on each estimate, and it stops
 * growing where the provider's rate, learned by the shared buckets, paces the completions. It follows the provider's
 * latency both ways, within [{@code start}, {@code most}]. Thread-safe.
 */
final class InFlightLimit {

    /** Completions counted for the rate. */
    static final long WINDOW_NANOS = 10_000_000_000L;
    /** In flight beyond rate × time: room for the latency's spread and for the rate to grow. */
    static final double MARGIN = 1.5;
    static final int SPARE = 4;
    /** Weight of the newest item in the mean item time. */
    private static final double SMOOTHING = 0.2;

    private final int start;
    private final int most;
    private final Deque<Long> completions = new ArrayDeque<>();
    private long activeSince = -1;
    private double meanItemSeconds = -1;
    private volatile int limit;

    InFlightLimit(int start, int most) {
        this.most = Math.max(1, most);
        this.start = Math.min(this.most, Math.max(1, start));
        this.limit = this.start;
    }

    /** The items this node may work on at once now. */
    int limit() {
        return limit;
    }

    /** One item finished (bought or failed) after {@code workNanos} of work, permit waits not counted. */
    synchronized void completed(long workNanos, long nowNanos) {
        while (!completions.isEmpty() && nowNanos - completions.peekFirst() > WINDOW_NANOS) {
            completions.pollFirst();
        }
        if (completions.isEmpty()) {
            activeSince = nowNanos; // after an idle spell the rate is measured afresh
        }
        completions.addLast(nowNanos);
        double seconds = Math.max(0, workNanos) / 1e9;
        meanItemSeconds = meanItemSeconds < 0 ? seconds : meanItemSeconds + SMOOTHING * (seconds - meanItemSeconds);
        double span = Math.max(meanItemSeconds, Math.min(WINDOW_NANOS, nowNanos - activeSince) / 1e9);
        double rate = span > 0 ? completions.size() / span : 0;
        long wanted = (long) Math.ceil(MARGIN * rate * meanItemSeconds) + SPARE;
        limit = (int) Math.max(start, Math.min(most, wanted));
    }
}
