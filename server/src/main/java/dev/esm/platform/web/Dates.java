package dev.esm.platform.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.esm.platform.OperatorTimeZone;

/**
 * Formats times on pages as {@code ${@dates.format(instant)}}, in the operator's time zone ({@link OperatorTimeZone};
 * UTC while no bean provides one). Every method also takes an explicit {@link ZoneId}.
 */
@Component("dates")
public class Dates {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.US);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.US);
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.US);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.US);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm:ss", Locale.US);

    private final Supplier<ZoneId> zones;
    private final Clock clock;

    @Autowired
    Dates(ObjectProvider<OperatorTimeZone> zones, Clock clock) {
        this(() -> {
            OperatorTimeZone zone = zones.getIfAvailable();
            return zone == null ? null : zone.zone();
        }, clock);
    }

    /** Times in the zone {@code zones} gives (UTC when it gives null), "today" by {@code clock}. */
    public Dates(Supplier<ZoneId> zones, Clock clock) {
        this.zones = zones;
        this.clock = clock;
    }

    /** The operator's zone, UTC by default. */
    public ZoneId zone() {
        ZoneId id = zones.get();
        return id == null ? ZoneOffset.UTC : id;
    }

    /** The zone's short name now ("UTC", "EST"), for a page that says which zone its times are in. */
    public String zoneName() {
        return zoneName(zone());
    }

    public String zoneName(ZoneId zone) {
        return abbreviation(clock.instant(), zone);
    }

    private static String abbreviation(Instant at, ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : ZONE.withZone(zone).format(at);
    }

    /** {@code 2026-12-03 14:05 UTC}. */
    public String format(Instant instant) {
        return format(instant, zone());
    }

    public String format(Instant instant, ZoneId zone) {
        return instant == null ? "" : MINUTES.withZone(zone).format(instant) + " " + abbreviation(instant, zone);
    }

    /** {@code 2026-12-03 14:05:10 UTC}: for times that may be seconds apart (sync runs). */
    public String seconds(Instant instant) {
        return seconds(instant, zone());
    }

    public String seconds(Instant instant, ZoneId zone) {
        return instant == null ? "" : SECONDS.withZone(zone).format(instant) + " " + abbreviation(instant, zone);
    }

    /** {@code 14:05:10} today, {@code Dec 4, 14:05:10} on another day (in the zone). */
    public String time(Instant instant) {
        return time(instant, zone());
    }

    public String time(Instant instant, ZoneId zone) {
        if (instant == null) {
            return "";
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        return (LocalDate.ofInstant(instant, zone).equals(today) ? TIME : DAY_TIME).withZone(zone).format(instant);
    }

    /** The time from one instant to another in words ({@link #duration}); empty when either is missing. */
    public String between(Instant from, Instant to) {
        return from == null || to == null ? "" : duration(Duration.between(from, to));
    }

    /** A duration in words: {@code 15 s}, {@code 3 min}, {@code 2 min 30 s}, {@code 1 h 5 min}. */
    public String duration(Duration duration) {
        if (duration == null) {
            return "";
        }
        long seconds = Math.max(0, (duration.toMillis() + 999) / 1000);
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            long rest = seconds % 60;
            return minutes + " min" + (rest == 0 || minutes >= 10 ? "" : " " + rest + " s");
        }
        long restMinutes = minutes % 60;
        return minutes / 60 + " h" + (restMinutes == 0 ? "" : " " + restMinutes + " min");
    }
}
