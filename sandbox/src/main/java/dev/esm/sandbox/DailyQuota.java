package dev.esm.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Call quotas per (subject, operation) per calendar day in a time zone, as eBay counts them (calls per app per day,
 * reset at midnight Pacific). Operations without a limit are unlimited. Time comes from the simulator's clock.
 * Thread-safe.
 */
public final class DailyQuota {

    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, Long> limits = new ConcurrentHashMap<>();
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();
    private volatile boolean enabled = true;

    public DailyQuota(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** Sets (or replaces) the calls an operation allows per subject per day. */
    public DailyQuota setLimit(String operation, long callsPerDay) {
        if (callsPerDay < 0) {
            throw new IllegalArgumentException("calls per day must be >= 0");
        }
        limits.put(operation, callsPerDay);
        return this;
    }

    public DailyQuota removeLimit(String operation) {
        limits.remove(operation);
        return this;
    }

    /** The limit of an operation, or null when unlimited. */
    public Long limit(String operation) {
        return limits.get(operation);
    }

    /** Switches every limit off (calls are still counted) or back on. */
    public DailyQuota setEnabled(boolean on) {
        enabled = on;
        return this;
    }

    /** Forgets today's counts. */
    public void reset() {
        usage.clear();
    }

    /** Counts one call; false when the subject has used up today's quota (the refused call is not counted). */
    public boolean tryAcquire(String subject, String operation) {
        Long limit = limits.get(operation);
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        Usage u = usage.computeIfAbsent(subject + "\u0000" + operation, k -> new Usage());
        return u.take(today, enabled && limit != null ? limit : Long.MAX_VALUE);
    }

    /** Calls a subject made today for an operation. */
    public long used(String subject, String operation) {
        Usage u = usage.get(subject + "\u0000" + operation);
        return u == null ? 0 : u.count(LocalDate.ofInstant(clock.instant(), zone));
    }

    /** Time until the quotas reset (the next midnight in the quota's zone). */
    public Duration untilReset() {
        ZonedDateTime now = clock.instant().atZone(zone);
        ZonedDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay(zone);
        return Duration.between(now, midnight);
    }

    private static final class Usage {
        private LocalDate day;
        private long count;

        synchronized boolean take(LocalDate today, long limit) {
            if (!today.equals(day)) {
                day = today;
                count = 0;
            }
            if (count >= limit) {
                return false;
            }
            count++;
            return true;
        }

        synchronized long count(LocalDate today) {
            return today.equals(day) ? count : 0;
        }
    }
}
