package dev.esm.platform.quota;

/**
 * The rate a bucket applies, learned from the API's answers (ADR 29): without a 429, the ceiling, i.e. the rate the
 * API states (e.g. Amazon's {@code x-amzn-RateLimit-Limit}) or, when it states none, the documented or configured
 * one. A 429 although a permit was taken marks the rate at that moment, R, as too high: the bucket drops to
 * {@value #DECREASE} × R and stays there for {@value #HOLD_CALLS} call times (one call time = 1 ÷ R), climbs to
 * {@value #RECOVER_TO} × R over the next {@value #RECOVER_CALLS}, and from there probes upward slowly, by
 * {@value #PROBE_PER_CALL} × R per call time, up to the ceiling. So it stays below R for at least
 * {@value #HOLD_CALLS} + {@value #RECOVER_CALLS} call times after a 429 (and {@code (1 - RECOVER_TO) / PROBE_PER_CALL}
 * more), and spends most of its time just under the rate at which the API last said no. A pure function of its inputs: the
 * shared state (when the last 429 came, and R) lives in the bucket's row, so every node computes the same rate.
 */
final class LearnedRate {

    /** After a 429, this share of the rate at the 429. */
    static final double DECREASE = 0.9;
    /** Call times (at the rate of the 429) spent at the lowered rate. */
    static final int HOLD_CALLS = 10;
    /** Call times over which the rate climbs back to... */
    static final int RECOVER_CALLS = 20;
    /** ...this share of the rate at the 429. */
    static final double RECOVER_TO = 0.98;
    /** From there: the share of the rate at the 429 added per call time. */
    static final double PROBE_PER_CALL = 0.0005;
    /** 429s closer together than this many call times are one: the answers of calls already in flight. */
    static final int SAME_EPISODE_CALLS = 4;
    /** ...or closer than this many seconds. */
    static final double SAME_EPISODE_SECONDS = 1.0;
    /** Never below this share of the ceiling. */
    static final double FLOOR = 0.1;

    private LearnedRate() {
    }

    /**
     * @param ceiling        the rate the API states, else the documented (or configured) one; calls per second
     * @param throttledRate  the rate the bucket had at the last 429; null when none is remembered
     * @param secondsSince   seconds since that 429
     * @return the rate to apply now, calls per second
     */
    static double rate(double ceiling, Double throttledRate, double secondsSince) {
        if (throttledRate == null || !(throttledRate > 0)) {
            return ceiling;
        }
        double calls = Math.max(0, secondsSince) * throttledRate;
        double factor;
        if (calls < HOLD_CALLS) {
            factor = DECREASE;
        } else if (calls < HOLD_CALLS + RECOVER_CALLS) {
            factor = DECREASE + (RECOVER_TO - DECREASE) * (calls - HOLD_CALLS) / RECOVER_CALLS;
        } else {
            factor = RECOVER_TO + PROBE_PER_CALL * (calls - HOLD_CALLS - RECOVER_CALLS);
        }
        return Math.max(ceiling * FLOOR, Math.min(ceiling, throttledRate * factor));
    }

    /** Whether a 429 this long after the last one belongs to the same episode (it lowers the rate only once). */
    static boolean sameEpisode(Double throttledRate, double secondsSince) {
        if (throttledRate == null || !(throttledRate > 0)) {
            return false;
        }
        return secondsSince < Math.max(SAME_EPISODE_SECONDS, SAME_EPISODE_CALLS / throttledRate);
    }
}
