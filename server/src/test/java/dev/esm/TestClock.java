package dev.esm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in tests: the system clock plus an offset a test moves forward, so that a test waiting for
 * time to pass (a cool-down, a grace period, an expiry) advances the clock instead of sleeping. Tests share one
 * application context: a test that advances the clock resets it afterwards ({@link #reset()}).
 */
@TestComponent
@Primary
public class TestClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final ZoneId zone;

    public TestClock() {
        this.zone = ZoneOffset.UTC;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that follows this clock's offset. */
    @Override
    public Clock withZone(ZoneId other) {
        TestClock parent = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return parent.instant();
            }

            @Override
            public ZoneId getZone() {
                return other;
            }

            @Override
            public Clock withZone(ZoneId again) {
                return parent.withZone(again);
            }
        };
    }

    /** Moves the clock forward. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        offset.accumulateAndGet(by, Duration::plus);
    }

    /** Back to the system clock. */
    public void reset() {
        offset.set(Duration.ZERO);
    }
}
