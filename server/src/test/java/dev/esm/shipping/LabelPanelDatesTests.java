package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.shared.FulfilledBy;
import dev.esm.shared.Marketplace;
import dev.esm.shared.OrderStatus;
import dev.esm.shipping.LabelPanels.RateChoice;
import dev.esm.shipping.spi.Rate;
import org.junit.jupiter.api.Test;

/**
 * A rate's delivery date is counted from the operator's today and compared with the deliver-by date as it falls in the
 * operator's time zone (not UTC's), and its price is written in the operator's locale.
 */
class LabelPanelDatesTests {

    /** Thursday Dec 3, 21:00 in Chicago; already Friday Dec 4 in UTC. */
    private static final Instant NOW = Instant.parse("2026-12-04T03:00:00Z");
    /** Saturday Dec 5, 06:00 in Chicago, 12:00 UTC: the same day in both zones. */
    private static final Instant DELIVER_BY = Instant.parse("2026-12-05T12:00:00Z");
    private static final Rate TWO_DAYS = new Rate("rate_1", "USPS", "Priority", new BigDecimal("1234.5"), "USD", 2);

    private final LabelPanels panels = new LabelPanels(null, null, null, Clock.fixed(NOW, ZoneOffset.UTC), null, null);

    @Test
    void inChicagoTheRateArrivesOnTheDeliverByDateWhereUtcWouldCallItLate() {
        RateChoice chicago = panels.choice(TWO_DAYS, order(DELIVER_BY, null), true, ZoneId.of("America/Chicago"),
                Locale.US);
        assertThat(chicago.arrival()).isEqualTo("arrives Sat Dec 5, on the deliver-by date");
        assertThat(chicago.late()).isFalse();

        RateChoice utc = panels.choice(TWO_DAYS, order(DELIVER_BY, null), true, ZoneOffset.UTC, Locale.US);
        assertThat(utc.arrival()).isEqualTo("arrives Sun Dec 6, after the deliver-by date (Sat Dec 5)");
        assertThat(utc.late()).isTrue();
    }

    @Test
    void shipByIsComparedInTheOperatorsZoneToo() {
        // ship-by Friday Dec 4, 02:00 UTC = Thursday Dec 3, 20:00 in Chicago
        Instant shipBy = Instant.parse("2026-12-04T02:00:00Z");
        assertThat(panels.choice(TWO_DAYS, order(null, shipBy), true, ZoneId.of("America/Chicago"), Locale.US)
                .arrival()).isEqualTo("arrives Sat Dec 5, 2 days after ship-by");
        assertThat(panels.choice(TWO_DAYS, order(null, shipBy), true, ZoneOffset.UTC, Locale.US).arrival())
                .isEqualTo("arrives Sun Dec 6, 2 days after ship-by");
    }

    @Test
    void thePriceIsWrittenInTheOperatorsLocaleDollarsByDefault() {
        assertThat(panels.choice(TWO_DAYS, order(DELIVER_BY, null), true, ZoneOffset.UTC, Locale.US).price())
                .isEqualTo("$1,234.50");
        assertThat(panels.choice(TWO_DAYS, order(DELIVER_BY, null), true, ZoneOffset.UTC, Locale.GERMANY).price()
                .replace('\u00a0', ' ')).isEqualTo("1.234,50 $");
        assertThat(panels.choice(TWO_DAYS, order(DELIVER_BY, null), true, ZoneOffset.UTC, Locale.CANADA).price())
                .isEqualTo("US$1,234.50");
        assertThat(LabelPanels.money(new BigDecimal("6.47"), null)).isEqualTo("$6.47");
    }

    private static OrderSummary order(Instant deliverBy, Instant shipBy) {
        return new OrderSummary(UUID.randomUUID(), UUID.randomUUID(), "Store", Marketplace.WALMART, "1001",
                OrderStatus.UNSHIPPED, "Created", NOW.minusSeconds(86_400), shipBy, BigDecimal.TEN, "USD", 1, false,
                false, deliverBy, FulfilledBy.SELLER, null, Set.of(), null);
    }
}
