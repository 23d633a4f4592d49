package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.WebClient;
import dev.esm.orders.GridQuery.Due;
import dev.esm.orders.GridQuery.Sort;
import dev.esm.orders.GridQuery.Tab;
import dev.esm.orders.OrderGrid.GridPage;
import dev.esm.orders.OrderGrid.GridRow;
import dev.esm.platform.ActingOperator;
import dev.esm.shipping.TestShipping;
import dev.esm.shipping.TestShipping.Shop;

/**
 * The orders grid and the Today page on the real database: counts per tab and per due range equal the orders that
 * are there, sorting by ship-by is in order across pages, pages neither repeat nor skip an order, and another
 * operator's orders count for nothing.
 */
class OrderGridIntegrationTests extends IntegrationTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Autowired
    TestShipping shipping;
    @Autowired
    OrderGrid grid;
    @Autowired
    Today today;
    @Autowired
    ApplicationContext context;

    @Test
    void countsSortAndPagesMatchTheOrdersInTheDatabase() throws Exception {
        Shop shop = shipping.shop("Grid Seller", 60);
        DeskFixture fixture = DeskFixture.spread(context, shop.store(), Instant.now());
        int awaiting = fixture.shipBy.size();
        assertThat(awaiting).isGreaterThanOrEqualTo(60);
        Instant now = Instant.now();

        GridPage first = shop.as(() -> grid.page(query(Tab.AWAITING, null, Sort.SHIP_BY, true, 1, 25)));
        assertThat(first.counts().get(Tab.AWAITING).value()).isEqualTo(awaiting);
        assertThat(first.total().value()).isEqualTo(awaiting);
        assertThat(first.pages()).isEqualTo((awaiting + 24) / 25);
        long all = first.counts().get(Tab.ALL).value();
        assertThat(all).isEqualTo(shop.orders().size());
        long byStatus = 0;
        for (Tab tab : Tab.values()) {
            if (tab != Tab.ALL) {
                byStatus += first.counts().get(tab).value();
            }
        }
        // every order is in one tab, except those the marketplace ships while still open
        assertThat(byStatus).isLessThanOrEqualTo(all);

        // ship-by, oldest first, over every page: each awaiting order once, in order
        List<Instant> seen = new ArrayList<>();
        Set<UUID> ids = new HashSet<>();
        for (int page = 1; page <= first.pages(); page++) {
            int number = page;
            GridPage current = shop.as(() -> grid.page(query(Tab.AWAITING, null, Sort.SHIP_BY, true, number, 25)));
            for (GridRow row : current.rows()) {
                assertThat(ids.add(row.id())).as("order %s on two pages", row.marketplaceOrderId()).isTrue();
                seen.add(row.shipBy());
                assertThat(row.awaiting()).isTrue();
                assertThat(row.items()).isNotEmpty();
                assertThat(row.quantity()).isPositive();
                assertThat(row.buyerInitials()).matches("([A-Z]\\. ?)+");
                assertThat(row.shipToState()).hasSize(2);
            }
        }
        assertThat(ids).isEqualTo(fixture.shipBy.keySet());
        assertThat(seen).isSortedAccordingTo(Comparator.naturalOrder());

        // newest ship-by first, the reverse
        GridPage descending = shop.as(() -> grid.page(query(Tab.AWAITING, null, Sort.SHIP_BY, false, 1, 25)));
        List<Instant> expected = new ArrayList<>(fixture.shipBy.values());
        expected.sort(Comparator.reverseOrder());
        assertThat(descending.rows().stream().map(GridRow::shipBy).toList()).isEqualTo(expected.subList(0, 25));

        // the due ranges: the grid's totals, the Today page's counts and the fixture agree
        for (Due due : Due.values()) {
            GridPage page = shop.as(() -> grid.page(query(Tab.AWAITING, due, Sort.SHIP_BY, true, 1, 200)));
            long want = switch (due) {
                case LATE -> fixture.late(now);
                case AT_RISK -> fixture.atRisk(now);
                case TODAY -> fixture.dueToday(now, CHICAGO);
            };
            assertThat(page.total().value()).as(due.name()).isEqualTo(want);
            assertThat(page.rows()).as(due.name()).hasSize((int) want);
        }
        var view = shop.as(() -> today.view(CHICAGO));
        assertThat(view.awaiting()).isEqualTo(awaiting);
        assertThat(view.late()).isEqualTo(fixture.late(now)).isPositive();
        assertThat(view.atRisk()).isEqualTo(fixture.atRisk(now)).isPositive();
        assertThat(view.dueToday()).isEqualTo(fixture.dueToday(now, CHICAGO));
        assertThat(view.stores()).isEqualTo(1);

        // a part of an order id finds it, in every tab
        GridRow some = first.rows().get(3);
        String part = some.marketplaceOrderId().substring(2, some.marketplaceOrderId().length() - 2);
        GridPage found = shop.as(() -> grid.page(new GridQuery(null, null, Tab.ALL, null, part, null, false, 1, 200,
                CHICAGO)));
        assertThat(found.rows()).extracting(GridRow::id).contains(some.id());
        assertThat(found.rows()).allSatisfy(row -> assertThat(row.marketplaceOrderId().contains(part)
                || row.items().stream().anyMatch(i -> i.sku() != null && i.sku().contains(part))).isTrue());
        String sku = some.items().get(0).sku();
        GridPage bySku = shop.as(() -> grid.page(new GridQuery(null, null, Tab.ALL, null,
                sku.substring(1, sku.length() - 1).toLowerCase(), null, false, 1, 200, CHICAGO)));
        assertThat(bySku.rows()).extracting(GridRow::id).contains(some.id());

        // someone else sees none of it
        var stranger = operators.create("Grid Stranger");
        GridPage theirs = ActingOperator.runAs(stranger.id(), () -> grid.page(query(Tab.ALL, null, null, false, 1, 50)));
        assertThat(theirs.rows()).isEmpty();
        assertThat(theirs.total().value()).isZero();
        assertThat(ActingOperator.runAs(stranger.id(), () -> today.view(CHICAGO)).awaiting()).isZero();
    }

    @Test
    void everyGridParameterIsAPageOrAReadableRefusalNeverAnError() {
        var operator = operators.create("Grid Prober");
        WebClient web = browser();
        web.signIn(operator.email(), operator.password());
        for (String query : List.of("tab=nope", "due=tomorrow", "sort=buyer", "dir=sideways", "page=-1", "page=1e9",
                "page=99999999999", "size=7", "size=abc", "tab=all&sort=total&dir=asc&page=400&size=200",
                "q=%25%5F%5C", "q=" + "x".repeat(201), "store=nope", "marketplace=etsy", "status=LOST",
                "late=maybe&atRisk=true", "due=late&tab=shipped")) {
            var page = web.get("/orders?" + query);
            assertThat(page.status()).as(query).isEqualTo(200);
            assertThat(page.body()).as(query).contains("id=\"orders-page\"");
        }
        assertThat(web.get("/today").status()).isEqualTo(200);
        assertThat(web.get("/").header("Location")).endsWith("/today");
        // a new account is pointed to connecting a store, on both pages
        assertThat(web.get("/orders").body()).contains("id=\"connect-first-store\"");
        assertThat(web.get("/today").body()).contains("id=\"connect-first-store\"");
    }

    private static GridQuery query(Tab tab, Due due, Sort sort, boolean ascending, int page, int size) {
        return new GridQuery(null, null, tab, due, null, sort, ascending, page, size, CHICAGO);
    }
}
