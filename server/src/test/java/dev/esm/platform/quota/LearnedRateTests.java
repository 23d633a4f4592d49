package dev.esm.platform.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The rate a bucket learns from an API's statements and 429s (ADR 29), against a simulated API. */
class LearnedRateTests {

    @Test
    void withoutA429TheBucketAppliesTheStatedOrDocumentedRate() {
        assertThat(LearnedRate.rate(0.0168, null, 0)).isEqualTo(0.0168);
        assertThat(LearnedRate.rate(5, null, 1000)).isEqualTo(5);
    }

    @Test
    void a429LowersTheRateAtOnceAndItStaysBelowThatRateForAWhile() {
        double at429 = 4.2;
        assertThat(LearnedRate.rate(5, at429, 0)).isCloseTo(at429 * LearnedRate.DECREASE, within(1e-9));
        double quiet = (Math.max(LearnedRate.HOLD_CALLS, LearnedRate.MIN_HOLD_SECONDS * at429) + LearnedRate.RECOVER_CALLS
                + (1 - LearnedRate.RECOVER_TO) / LearnedRate.PROBE_PER_CALL) / at429;
        for (double t = 0; t <= quiet; t += 0.01) {
            assertThat(LearnedRate.rate(5, at429, t)).as("%.2f s after the 429", t).isLessThanOrEqualTo(at429);
        }
        assertThat(LearnedRate.rate(5, at429, LearnedRate.HOLD_CALLS / at429 - 0.01))
                .as("held down for the first call times").isCloseTo(at429 * LearnedRate.DECREASE, within(1e-9));
        assertThat(LearnedRate.rate(5, at429, 1.2 * quiet)).as("then probes above it").isGreaterThan(at429);
        assertThat(LearnedRate.rate(5, at429, 1e6)).as("up to the ceiling, never beyond").isEqualTo(5);
        assertThat(LearnedRate.rate(5, 0.001, 0)).as("never below a hundredth of the ceiling").isEqualTo(0.05);
    }

    @Test
    void a429OfACallAlreadyUnderWayBelongsToTheSameEpisode() {
        assertThat(LearnedRate.sameEpisode(null, 0)).isFalse();
        assertThat(LearnedRate.sameEpisode(4.0, 0.5)).isTrue();
        assertThat(LearnedRate.sameEpisode(4.0, 1.01)).isFalse();
        assertThat(LearnedRate.sameEpisode(100.0, 0.4)).as("at least half a second").isTrue();
        assertThat(LearnedRate.sameEpisode(0.0168, 200)).as("four call times at Amazon's rate").isTrue();
        assertThat(LearnedRate.sameEpisode(0.0168, 240)).isFalse();
    }

    /** An API that allows 4 calls/s (burst 4) and states nothing; the client starts at 5/s, burst 5, always busy. */
    @Test
    void convergesOnAnApisUnstatedRateFromItsAnswersAndKeeps429sRare() {
        Simulation run = new Simulation(4.0, 4, 5.0, 5).run(900);
        // the first minutes learn; the last ten are the steady state
        assertThat(run.steadyShare).as("calls allowed by the API that were made").isGreaterThan(0.95);
        assertThat(run.steady429PerMinute).as("429s a minute once learned (of about 240 calls)").isLessThan(5);
        assertThat(run.steadyMeanRate).isBetween(0.9 * 4, 1.05 * 4);
    }

    /** Configured far above what the API allows (100/s against 3/s): the harder cuts get there within seconds. */
    @Test
    void convergesFromFarAbove() {
        Simulation run = new Simulation(3.0, 3, 100.0, 5).run(400);
        assertThat(run.steadyShare).isGreaterThan(0.95);
        assertThat(run.steadyMeanRate).isBetween(0.9 * 3, 1.05 * 3);
        System.out.printf("from far above: %d 429s, share %.3f, mean rate %.2f%n", run.total429, run.steadyShare,
                run.steadyMeanRate);
        assertThat(run.total429).as("429s in all, learning included").isLessThan(150);
    }

    @Test
    void a429WhileStillSlowedDownCutsHarder() {
        assertThat(LearnedRate.target(90, null, 0)).isEqualTo(90);
        assertThat(LearnedRate.target(90, 100.0, 0.5)).as("still holding").isCloseTo(60, within(1e-9));
        assertThat(LearnedRate.target(4, 4.0, 60)).as("recovered long ago").isEqualTo(4);
    }

    @Test
    void anApiFasterThanTheConfiguredRateIsNeverThrottled() {
        Simulation run = new Simulation(6.0, 6, 5.0, 5).run(300);
        assertThat(run.total429).isZero();
        assertThat(run.steadyMeanRate).isCloseTo(5.0, within(0.01));
    }

    /** Millisecond steps: two token buckets (the client's, at its learned rate, and the API's). */
    private static final class Simulation {
        final double apiRate;
        final int apiBurst;
        final double ceiling;
        final int burst;
        double steadyShare;
        double steady429PerMinute;
        double steadyMeanRate;
        int total429;

        Simulation(double apiRate, int apiBurst, double ceiling, int burst) {
            this.apiRate = apiRate;
            this.apiBurst = apiBurst;
            this.ceiling = ceiling;
            this.burst = burst;
        }

        Simulation run(int seconds) {
            double dt = 0.001;
            double client = burst;
            double api = apiBurst;
            Double throttledRate = null;
            double throttledAt = 0;
            double steadyFrom = seconds - 600 > 0 ? seconds - 600 : seconds / 2.0;
            long steadyCalls = 0;
            int steady429 = 0;
            double rateSum = 0;
            long rateSamples = 0;
            for (long step = 0; step < seconds / dt; step++) {
                double now = step * dt;
                double rate = LearnedRate.rate(ceiling, throttledRate, now - throttledAt);
                client = Math.min(burst, client + rate * dt);
                api = Math.min(apiBurst, api + apiRate * dt);
                if (now >= steadyFrom) {
                    rateSum += rate;
                    rateSamples++;
                }
                if (client >= 1) {
                    client -= 1;
                    if (api >= 1) {
                        api -= 1;
                        if (now >= steadyFrom) {
                            steadyCalls++;
                        }
                    } else {
                        total429++;
                        if (now >= steadyFrom) {
                            steady429++;
                        }
                        if (!LearnedRate.sameEpisode(throttledRate, now - throttledAt)) {
                            throttledRate = LearnedRate.target(rate, throttledRate, now - throttledAt);
                            throttledAt = now;
                        }
                        client = 0;
                    }
                }
            }
            double steadySeconds = seconds - steadyFrom;
            steadyShare = steadyCalls / (apiRate * steadySeconds);
            steady429PerMinute = steady429 / (steadySeconds / 60);
            steadyMeanRate = rateSum / rateSamples;
            return this;
        }
    }
}
