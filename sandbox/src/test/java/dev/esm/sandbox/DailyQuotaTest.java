package dev.esm.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class DailyQuotaTest {

    private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

    @Test
    void countsPerSubjectAndOperationUntilMidnightInTheZone() {
        SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-07-01T06:30:00Z")); // 23:30 PDT
        DailyQuota quota = new DailyQuota(clock, PACIFIC).setLimit("op", 2);

        assertThat(quota.tryAcquire("a", "op")).isTrue();
        assertThat(quota.tryAcquire("a", "op")).isTrue();
        assertThat(quota.tryAcquire("a", "op")).isFalse();
        assertThat(quota.used("a", "op")).isEqualTo(2);
        assertThat(quota.tryAcquire("b", "op")).isTrue();
        assertThat(quota.tryAcquire("a", "unlimited")).isTrue();
        assertThat(quota.untilReset()).isEqualTo(Duration.ofMinutes(30));

        clock.advance(Duration.ofMinutes(30));
        assertThat(quota.used("a", "op")).isZero();
        assertThat(quota.tryAcquire("a", "op")).isTrue();
    }

    @Test
    void canBeSwitchedOff() {
        DailyQuota quota = new DailyQuota(SandboxClock.fixed(Instant.parse("2026-07-01T12:00:00Z")), PACIFIC)
                .setLimit("op", 1).setEnabled(false);
        for (int i = 0; i < 5; i++) {
            assertThat(quota.tryAcquire("a", "op")).isTrue();
        }
        assertThat(quota.used("a", "op")).isEqualTo(5);
        quota.setEnabled(true);
        assertThat(quota.tryAcquire("a", "op")).isFalse();
        quota.reset();
        assertThat(quota.tryAcquire("a", "op")).isTrue();
    }
}
