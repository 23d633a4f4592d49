package dev.esm.platform.quota;

/**
 * The rate a bucket applies, learned from the API's answers (ADR 29). Without a 429 it is the ceiling: the rate the
 * API states (e.g. Amazon's {@code x-amzn-RateLimit-Limit}) or, when it states none, the documented or configured one.
 * A 429 although a permit was taken says the rate is too high: the bucket takes the rate it had then as its estimate
 * T of what the API allows (or, when the 429 came while it was still slowed down by the last one, i.e. far above
 * the API's rate, {@value #AGAIN} of it), drops to {@value #DECREASE} × T and stays there for {@value #HOLD_CALLS}
 * call times (one call time = 1 ÷ T; at least {@value #MIN_HOLD_SECONDS} s), climbs to {@value #RECOVER_TO} × T over
 * the next {@value #RECOVER_CALLS}, and from there probes upward slowly, by {@value #PROBE_PER_CALL} × T per call
 * time, up to the ceiling. So after a 429 it stays below T for a while (hold, recovery and
 * {@code (1 - RECOVER_TO) / PROBE_PER_CALL} call times of probing), and spends most of its time just under the rate at
 * which the API last said no. A pure function of its inputs: the shared state (T, and when the last 429 came) lives
 * in the bucket's row, so every node computes the same rate.
 */
final class LearnedRate {

    /** After a 429, this share of T. */
    static final double DECREASE = 0.9;
    /** A 429 while still slowed down by the last one: T is this share of the rate at that moment. */
    static final double AGAIN = 2.0 / 3;
    /** Call times (at T) spent at the lowered rate... */
    static final int HOLD_CALLS = 10;
    /** ...and at least this long. */
    static final double MIN_HOLD_SECONDS = 2;
    /** Call times over which the rate climbs back to... */
    static final int RECOVER_CALLS = 20;
    /** ...this share of T. */
    static final double RECOVER_TO = 0.98;
    /** From there: the share of T added per call time. */
    static final double PROBE_PER_CALL = 0.0005;
    /** 429s closer together than this many call times are one: the answers of calls already in flight... */
    static final int SAME_EPISODE_CALLS = 4;
    /** ...or closer than this many seconds. */
    static final double SAME_EPISODE_SECONDS = 0.5;
    /** Never below this share of the ceiling. */
    static final double FLOOR = 0.01;

    private LearnedRate() {
    }

    /**
     * @param ceiling      the rate the API states, else the documented (or configured) one; calls per second
     * @param target       T, what the API was estimated to allow at the last 429; null when none is remembered
     * @param secondsSince seconds since that 429
     * @return the rate to apply now, calls per second
     */
    static double rate(double ceiling, Double target, double secondsSince) {
        if (target == null || !(target > 0)) {
            return ceiling;
        }
        double calls = Math.max(0, secondsSince) * target;
        double hold = holdCalls(target);
        double factor;
        if (calls < hold) {
            factor = DECREASE;
        } else if (calls < hold + RECOVER_CALLS) {
            factor = DECREASE + (RECOVER_TO - DECREASE) * (calls - hold) / RECOVER_CALLS;
        } else {
            factor = RECOVER_TO + PROBE_PER_CALL * (calls - hold - RECOVER_CALLS);
        }
        return Math.max(ceiling * FLOOR, Math.min(ceiling, target * factor));
    }

    /**
     * T after a 429 at {@code rateNow}, given the last 429's T and age (null when none): the rate now, or
     * {@value #AGAIN} of it when the bucket was still holding or recovering from the last 429.
     */
    static double target(double rateNow, Double lastTarget, double secondsSince) {
        if (lastTarget != null && lastTarget > 0
                && Math.max(0, secondsSince) * lastTarget < holdCalls(lastTarget) + RECOVER_CALLS) {
            return rateNow * AGAIN;
        }
        return rateNow;
    }

    /** Whether a 429 this long after the last one belongs to the same episode (it lowers the rate only once). */
    static boolean sameEpisode(Double target, double secondsSince) {
        if (target == null || !(target > 0)) {
            return false;
        }
        return secondsSince < Math.max(SAME_EPISODE_SECONDS, SAME_EPISODE_CALLS / target);
    }

    private static double holdCalls(double target) {
        return Math.max(HOLD_CALLS, MIN_HOLD_SECONDS * target);
    }
}
