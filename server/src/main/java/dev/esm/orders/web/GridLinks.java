package dev.esm.orders.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import dev.esm.orders.GridQuery;
import dev.esm.orders.GridQuery.Due;
import dev.esm.orders.GridQuery.Sort;
import dev.esm.orders.GridQuery.Tab;

/** The orders grid's links (tabs, column sorts, pages, page sizes) from the query shown, defaults left out. */
public final class GridLinks {

    private final GridQuery query;

    GridLinks(GridQuery query) {
        this.query = query;
    }

    public String tab(Tab tab) {
        return url(tab, null, query.tab() == tab ? query.sort() : tab.defaultSort(),
                query.tab() == tab ? query.ascending() : tab.defaultSort() == Sort.SHIP_BY, 1, query.size());
    }

    /** The column's sort; the sorted column's link reverses it. */
    public String sort(Sort sort) {
        boolean ascending = query.sort() == sort ? !query.ascending() : sort == Sort.SHIP_BY || sort == Sort.ORDER;
        return url(query.tab(), query.due(), sort, ascending, 1, query.size());
    }

    /** "ascending" / "descending" for the sorted column's aria-sort, "none" otherwise. */
    public String ariaSort(Sort sort) {
        return query.sort() != sort ? "none" : query.ascending() ? "ascending" : "descending";
    }

    public String arrow(Sort sort) {
        return query.sort() != sort ? "" : query.ascending() ? " ▲" : " ▼";
    }

    public String page(int page) {
        return url(query.tab(), query.due(), query.sort(), query.ascending(), page, query.size());
    }

    public String size(int size) {
        return url(query.tab(), query.due(), query.sort(), query.ascending(), 1, size);
    }

    /** The grid filtered to orders due in a range (the Today page's counts). */
    public static String due(Due due) {
        return "/orders?due=" + due.param();
    }

    private String url(Tab tab, Due due, Sort sort, boolean ascending, int page, int size) {
        StringJoiner params = new StringJoiner("&", "/orders?", "").setEmptyValue("/orders");
        if (tab != Tab.AWAITING || due != null) {
            if (due == null) {
                params.add("tab=" + tab.param());
            }
        }
        if (due != null) {
            params.add("due=" + due.param());
        }
        if (query.storeId() != null) {
            params.add("store=" + query.storeId());
        }
        if (query.marketplace() != null) {
            params.add("marketplace=" + query.marketplace().name());
        }
        if (query.query() != null) {
            params.add("q=" + URLEncoder.encode(query.query(), StandardCharsets.UTF_8));
        }
        Tab effective = due != null ? Tab.AWAITING : tab;
        if (sort != effective.defaultSort() || ascending != (effective.defaultSort() == Sort.SHIP_BY)) {
            params.add("sort=" + sort.param());
            params.add("dir=" + (ascending ? "asc" : "desc"));
        }
        if (page > 1) {
            params.add("page=" + page);
        }
        if (size != 50) {
            params.add("size=" + size);
        }
        return params.toString();
    }
}
