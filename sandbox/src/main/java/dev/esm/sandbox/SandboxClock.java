package dev.esm.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock tests can move: a base clock (system or fixed) plus an offset that {@link #advance(Duration)} and
 * {@link #set(Instant)} change. Use it to expire tokens, refill rate-limit buckets or age orders without sleeping.
 */
public final class SandboxClock extends Clock {

    private final Clock base;
    private final AtomicLong offsetMillis;

    private SandboxClock(Clock base, AtomicLong offsetMillis) {
        this.base = base;
        this.offsetMillis = offsetMillis;
    }

    /** Real time, movable forward. */
    public static SandboxClock system() {
        return new SandboxClock(Clock.systemUTC(), new AtomicLong());
    }

    /** Stands still at {@code start} until advanced. */
    public static SandboxClock fixed(Instant start) {
        return new SandboxClock(Clock.fixed(start, ZoneOffset.UTC), new AtomicLong());
    }

    /**
     * A clock that runs {@code speed} times faster than {@code base} from now on (its reading starts at
     * {@code base}'s): e.g. a rate limiter on it refills {@code speed} times faster in real time, so a quota documented
     * per hour can be exercised in minutes. Not movable.
     */
    public static Clock scaled(Clock base, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be > 0: " + speed);
        }
        long origin = base.millis();
        return new Clock() {
            @Override
            public long millis() {
                return origin + (long) ((base.millis() - origin) * speed);
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                if (ZoneOffset.UTC.equals(zone)) {
                    return this;
                }
                throw new UnsupportedOperationException("the sandbox clock is UTC only");
            }
        };
    }

    public SandboxClock advance(Duration by) {
        offsetMillis.addAndGet(by.toMillis());
        return this;
    }

    public SandboxClock set(Instant now) {
        offsetMillis.set(now.toEpochMilli() - base.millis());
        return this;
    }

    @Override
    public long millis() {
        return base.millis() + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("the sandbox clock is UTC only");
    }
}
