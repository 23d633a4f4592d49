package dev.esm.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-01-01T00:00:00Z"));
    private final RateLimiter limiter = new RateLimiter(clock).setQuota("op", 4, 2);

    @Test
    void burstThenRefillAtTheRate() {
        assertThat(limiter.tryAcquire("s", "op").tokensLeft()).isEqualTo(1);
        assertThat(limiter.tryAcquire("s", "op").tokensLeft()).isZero();
        RateLimiter.Decision refused = limiter.tryAcquire("s", "op");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.nextReplenishEpochMillis()).isEqualTo(clock.millis() + 250);

        clock.advance(Duration.ofMillis(250));
        assertThat(limiter.tryAcquire("s", "op").allowed()).isTrue();
        clock.advance(Duration.ofSeconds(60));
        assertThat(limiter.peek("s", "op")).isEqualTo(2);
    }

    @Test
    void onAFasterClockBucketsRefillFasterInRealTime() {
        RateLimiter fast = new RateLimiter(clock).setQuota("op", 0.01, 1).setClock(SandboxClock.scaled(clock, 50));
        assertThat(fast.tryAcquire("s", "op").allowed()).isTrue();
        assertThat(fast.tryAcquire("s", "op").allowed()).isFalse();
        clock.advance(Duration.ofSeconds(1)); // 50 s on the limiter's clock: half a token
        assertThat(fast.tryAcquire("s", "op").allowed()).isFalse();
        clock.advance(Duration.ofSeconds(1)); // 100 s: one token
        assertThat(fast.tryAcquire("s", "op").allowed()).isTrue();
    }

    @Test
    void unlimitedAndDisabled() {
        RateLimiter.Decision free = limiter.tryAcquire("s", "other");
        assertThat(free.allowed()).isTrue();
        assertThat(free.limited()).isFalse();
        limiter.setEnabled(false);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("s", "op").allowed()).isTrue();
        }
    }

    @Test
    void slowRatesGiveLongerRetryAfter() {
        limiter.setQuota("feed", 10.0 / 3600, 1);
        limiter.tryAcquire("s", "feed");
        assertThat(limiter.tryAcquire("s", "feed").retryAfterSeconds()).isEqualTo(360);
    }
}
