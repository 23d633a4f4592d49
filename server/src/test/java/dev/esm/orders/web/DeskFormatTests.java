package dev.esm.orders.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.esm.orders.GridQuery;
import dev.esm.orders.OrderGrid.Count;
import dev.esm.shared.OrderStatus;

/** How the desk writes money, times, ship-by, weights and statuses, and which page links the grid offers. */
class DeskFormatTests {

    private static final Instant NOW = Instant.parse("2026-12-03T16:00:00Z");
    private final DeskFormat chicago = new DeskFormat(ZoneId.of("America/Chicago"), NOW);

    @Test
    void moneyIsWrittenTheWayASellerReadsIt() {
        assertThat(chicago.money(new BigDecimal("1234.56"), "USD")).isEqualTo("$1,234.56");
        assertThat(chicago.money(new BigDecimal("142.255"), "USD")).isEqualTo("$142.26");
        assertThat(chicago.money(new BigDecimal("12"), "CAD")).isEqualTo("CA$12.00");
        assertThat(chicago.money(new BigDecimal("1500"), "JPY")).isEqualTo("¥1,500");
        assertThat(chicago.money(new BigDecimal("3.5"), "???")).isEqualTo("??? 3.50");
        assertThat(chicago.count(new Count(10_000, true))).isEqualTo("10,000+");
    }

    @Test
    void timesAreTheOperatorsAndShipBySaysHowLongIsLeft() {
        assertThat(chicago.time(NOW)).isEqualTo("Dec 3, 10:00");
        assertThat(chicago.time(Instant.parse("2025-01-02T12:00:00Z"))).isEqualTo("Jan 2 2025, 06:00");
        assertThat(chicago.full(NOW)).isEqualTo("2026-12-03 10:00:00 CST");
        assertThat(chicago.due(NOW.plus(Duration.ofHours(5)))).isEqualTo("due in 5 h");
        assertThat(chicago.due(NOW.plus(Duration.ofMinutes(35)))).isEqualTo("due in 35 min");
        assertThat(chicago.due(NOW.minus(Duration.ofDays(2)))).isEqualTo("2 days late");
        assertThat(chicago.due(NOW.minus(Duration.ofHours(3)))).isEqualTo("3 h late");
        assertThat(chicago.ago(NOW.minusSeconds(20))).isEqualTo("20 s ago");
        assertThat(chicago.day()).isEqualTo("Thursday, December 3");
    }

    @Test
    void statusesAndWeightsInWords() {
        assertThat(chicago.status(OrderStatus.UNSHIPPED)).isEqualTo("Awaiting shipment");
        assertThat(chicago.status(OrderStatus.CANCEL_REQUESTED)).isEqualTo("Cancel requested");
        assertThat(chicago.weight(new BigDecimal("20"))).isEqualTo("1 lb 4 oz");
        assertThat(chicago.weight(new BigDecimal("6.5"))).isEqualTo("6.5 oz");
        assertThat(chicago.weight(new BigDecimal("32.00"))).isEqualTo("2 lb");
    }

    @Test
    void pageNumbersShowTheEndsAndTheNeighbours() {
        assertThat(DeskPageController.pageNumbers(1, 1)).isEqualTo(List.of(1));
        assertThat(DeskPageController.pageNumbers(1, 10)).isEqualTo(List.of(1, 2, 3, 0, 10));
        assertThat(DeskPageController.pageNumbers(6, 10)).isEqualTo(List.of(1, 0, 4, 5, 6, 7, 8, 0, 10));
    }

    @Test
    void linksKeepTheFiltersAndLeaveDefaultsOut() {
        GridQuery query = GridQuery.parse(null, "WALMART", null, null, "late", false, false, "a b", null, null, "2",
                "25", ZoneOffset.UTC);
        GridLinks links = new GridLinks(query);
        assertThat(links.page(3)).isEqualTo("/orders?due=late&marketplace=WALMART&q=a+b&page=3&size=25");
        assertThat(links.sort(GridQuery.Sort.SHIP_BY))
                .isEqualTo("/orders?due=late&marketplace=WALMART&q=a+b&sort=ship_by&dir=desc&size=25");
        assertThat(links.tab(GridQuery.Tab.SHIPPED)).isEqualTo("/orders?tab=shipped&marketplace=WALMART&q=a+b&size=25");
        assertThat(links.tab(GridQuery.Tab.AWAITING)).isEqualTo("/orders?marketplace=WALMART&q=a+b&size=25");
    }
}
