package dev.esm.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Backoff grows exponentially per attempt, is spread by its jitter, and stops growing at its maximum. */
class BackoffTests {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2);

    @Test
    void eachAttemptWaitsAboutTwiceAsLongAsTheOneBeforeWithinItsJitter() {
        SplittableRandom random = new SplittableRandom(7);
        for (int attempt = 1; attempt <= 6; attempt++) {
            long base = 1000L << (attempt - 1);
            int a = attempt;
            List<Long> waits = IntStream.range(0, 200).mapToObj(i -> backoff.delay(a, random).toMillis()).toList();
            assertThat(waits).as("attempt " + attempt).allSatisfy(w -> assertThat(w).isBetween(
                    (long) (base * 0.8), (long) (base * 1.2)));
            double mean = waits.stream().mapToLong(Long::longValue).average().orElseThrow();
            assertThat(mean).as("mean wait of attempt " + attempt).isBetween(base * 0.95, base * 1.05);
            Set<Long> distinct = new HashSet<>(waits);
            assertThat(distinct.size()).as("jitter spreads the waits of attempt " + attempt).isGreaterThan(100);
        }
    }

    @Test
    void theWaitStopsGrowingAtTheMaximum() {
        SplittableRandom random = new SplittableRandom(11);
        for (int attempt : new int[] {7, 10, 30, 1000}) {
            assertThat(backoff.delay(attempt, random).toMillis()).isBetween(48_000L, 72_000L);
        }
    }

    @Test
    void withoutJitterTheWaitIsExact() {
        Backoff exact = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0);
        SplittableRandom random = new SplittableRandom(1);
        assertThat(IntStream.rangeClosed(1, 6).mapToObj(a -> exact.delay(a, random).toMillis()).toList())
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }
}
