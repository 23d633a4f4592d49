package dev.esm.orders;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.esm.shared.Marketplace;
import dev.esm.shared.OrderStatus;

/**
 * What the orders grid shows: a status tab, optionally narrowed to what is due (late, due today, at risk), a store or
 * marketplace, a search, a sort and a page. {@code zone} is the operator's, for "due today".
 */
public record GridQuery(UUID storeId, Marketplace marketplace, Tab tab, Due due, String query, Sort sort,
                        boolean ascending, int page, int size, ZoneId zone) {

    public static final List<Integer> SIZES = List.of(25, 50, 100, 200);
    /** The highest page number the grid goes to (deeper pages: narrow the filters or search). */
    public static final int MAX_PAGE = 400;

    public GridQuery {
        tab = due != null ? Tab.AWAITING : tab == null ? Tab.AWAITING : tab;
        query = query == null || query.isBlank() ? null : query.strip();
        if (query != null && query.length() > 200) {
            throw new OrderException(false, "invalid-filter", "The search is too long (at most 200 characters).");
        }
        sort = sort == null ? tab.defaultSort() : sort;
        size = SIZES.contains(size) ? size : 50;
        page = Math.max(1, Math.min(page, MAX_PAGE));
        zone = zone == null ? ZoneOffset.UTC : zone;
    }

    /** The default grid: awaiting shipment, ship-by oldest first, first page of 50. */
    public static GridQuery awaiting(ZoneId zone) {
        return new GridQuery(null, null, Tab.AWAITING, null, null, null, true, 1, 50, zone);
    }

    public GridQuery withTab(Tab newTab, Due newDue) {
        return new GridQuery(storeId, marketplace, newTab, newDue, query, null, newTab.defaultSort().ascending, 1,
                size, zone);
    }

    public int offset() {
        return (page - 1) * size;
    }

    /**
     * The grid's query from the page's (or the API's) parameters; the orders page's older parameters still work
     * ({@code status}, {@code late}, {@code atRisk}). A malformed value is an {@link OrderException}
     * {@code invalid-filter}.
     */
    public static GridQuery parse(String store, String marketplace, String tab, String status, String due,
                                  boolean late, boolean atRisk, String q, String sort, String dir, String page,
                                  String size, ZoneId zone) {
        try {
            Tab chosenTab = blank(tab) ? (blank(status) ? null : Tab.of(OrderStatus.valueOf(upper(status)))) : Tab.valueOf(upper(tab).replace('-', '_'));
            Due chosenDue = blank(due) ? (late ? Due.LATE : atRisk ? Due.AT_RISK : null) : Due.valueOf(upper(due).replace('-', '_'));
            Sort chosenSort = blank(sort) ? null : Sort.valueOf(upper(sort).replace('-', '_'));
            if (chosenTab == null && chosenDue == null && !blank(q)) {
                chosenTab = Tab.ALL; // a search looks through every status unless a tab is chosen
            }
            Tab effective = chosenDue != null ? Tab.AWAITING : chosenTab == null ? Tab.AWAITING : chosenTab;
            Sort effectiveSort = chosenSort == null ? effective.defaultSort() : chosenSort;
            boolean ascending = blank(dir) ? effectiveSort.ascending : switch (upper(dir)) {
                case "ASC" -> true;
                case "DESC" -> false;
                default -> throw new IllegalArgumentException("dir");
            };
            return new GridQuery(blank(store) ? null : UUID.fromString(store.strip()),
                    blank(marketplace) ? null : Marketplace.valueOf(upper(marketplace)), chosenTab, chosenDue, q,
                    effectiveSort, ascending, number(page, 1), number(size, 50), zone);
        } catch (IllegalArgumentException e) {
            throw new OrderException(false, "invalid-filter", "Invalid filter: tab one of " + List.of(Tab.values())
                    .toString().toLowerCase(Locale.ROOT) + ", due one of late, today, at_risk, sort one of ship_by, "
                    + "ordered, order, total, dir asc or desc, page and size whole numbers.");
        }
    }

    private static int number(String raw, int otherwise) {
        if (blank(raw)) {
            return otherwise;
        }
        String digits = raw.strip();
        if (!digits.matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException("not a number");
        }
        return Integer.parseInt(digits);
    }

    private static String upper(String raw) {
        return raw.strip().toUpperCase(Locale.ROOT);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The status tabs, in the order the grid shows them. */
    public enum Tab {
        AWAITING("Awaiting shipment", "o.status in ('UNSHIPPED', 'PARTIALLY_SHIPPED') and o.fulfilled_by = 'SELLER'"),
        PENDING("Pending payment", "o.status = 'PENDING'"),
        ON_HOLD("On hold", "o.status = 'ON_HOLD'"),
        CANCEL_REQUESTED("Cancel requested", "o.status = 'CANCEL_REQUESTED'"),
        SHIPPED("Shipped", "o.status = 'SHIPPED'"),
        DELIVERED("Delivered", "o.status = 'DELIVERED'"),
        CANCELLED("Cancelled", "o.status = 'CANCELLED'"),
        ALL("All", null);

        private final String label;
        final String condition;

        Tab(String label, String condition) {
            this.label = label;
            this.condition = condition;
        }

        public String label() {
            return label;
        }

        public String param() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Awaiting shipment: what must ship first; every other tab: newest first. */
        public Sort defaultSort() {
            return this == AWAITING ? Sort.SHIP_BY : Sort.ORDERED;
        }

        /** Whether its count is exact (the sets the seller works through are small); others stop at the cap. */
        public boolean exactCount() {
            return this == AWAITING || this == PENDING || this == ON_HOLD || this == CANCEL_REQUESTED;
        }

        static Tab of(OrderStatus status) {
            return switch (status) {
                case UNSHIPPED -> AWAITING;
                case PARTIALLY_SHIPPED, SHIPPED -> SHIPPED;
                case DELIVERED -> DELIVERED;
                case CANCELLED -> CANCELLED;
                case PENDING -> PENDING;
                case CANCEL_REQUESTED -> CANCEL_REQUESTED;
                case ON_HOLD -> ON_HOLD;
            };
        }
    }

    /** Orders awaiting shipment by how soon they must ship (the Today page's counts). */
    public enum Due {
        LATE("Late"), TODAY("Due today"), AT_RISK("At risk (due in 24 h)");

        static final Duration AT_RISK_WINDOW = OrderQueries.AT_RISK;

        private final String label;

        Due(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String param() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The ship-by range {@code [from, to)} at {@code now} in {@code zone}; null: open. */
        Instant[] range(Instant now, ZoneId zone) {
            return switch (this) {
                case LATE -> new Instant[] {null, now};
                case TODAY -> new Instant[] {now, now.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone)
                        .toInstant()};
                case AT_RISK -> new Instant[] {now, now.plus(AT_RISK_WINDOW)};
            };
        }
    }

    /** The sortable columns, each backed by an index led by store_id (V5, V22) except total. */
    public enum Sort {
        SHIP_BY("o.ship_by", true), ORDERED("o.ordered_at", false), ORDER("o.marketplace_order_id", true),
        TOTAL("o.total", false);

        final String column;
        final boolean ascending;

        Sort(String column, boolean ascending) {
            this.column = column;
            this.ascending = ascending;
        }

        public String param() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
