package dev.esm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Times on pages: in the operator's zone (UTC without one), to the second where runs may be seconds apart. */
class DatesTests {

    private static final Instant NOW = Instant.parse("2026-12-03T14:05:10Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void withoutAZoneTimesAreInUtcAndSaySo() {
        Dates dates = new Dates(() -> null, CLOCK);
        assertThat(dates.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(dates.format(NOW)).isEqualTo("2026-12-03 14:05 UTC");
        assertThat(dates.seconds(NOW)).isEqualTo("2026-12-03 14:05:10 UTC");
        assertThat(dates.time(NOW.plusSeconds(1))).isEqualTo("14:05:11");
        assertThat(dates.time(NOW.plus(Duration.ofDays(1)))).isEqualTo("Dec 4, 14:05:10");
    }

    @Test
    void theOperatorsZoneMovesTheTimeAndTheDay() {
        ZoneId newYork = ZoneId.of("America/New_York");
        Dates dates = new Dates(() -> newYork, CLOCK);
        assertThat(dates.time(NOW)).isEqualTo("09:05:10");
        assertThat(dates.seconds(NOW)).isEqualTo("2026-12-03 09:05:10 EST");
        assertThat(dates.zoneName()).isEqualTo("EST");
        assertThat(dates.time(Instant.parse("2026-12-04T03:00:00Z"))).as("still the 3rd in New York")
                .isEqualTo("22:00:00");
        assertThat(new Dates(() -> null, CLOCK).time(NOW, newYork)).isEqualTo("09:05:10");
    }

    @Test
    void durationsInWords() {
        Dates dates = new Dates(() -> null, CLOCK);
        assertThat(dates.duration(Duration.ofMillis(13_160))).isEqualTo("14 s");
        assertThat(dates.duration(Duration.ofSeconds(180))).isEqualTo("3 min");
        assertThat(dates.duration(Duration.ofSeconds(150))).isEqualTo("2 min 30 s");
        assertThat(dates.duration(Duration.ofSeconds(179 * 5))).isEqualTo("14 min");
        assertThat(dates.duration(Duration.ofMinutes(65))).isEqualTo("1 h 5 min");
        assertThat(dates.between(NOW, NOW.plusMillis(1500))).isEqualTo("2 s");
    }
}
