package dev.esm.orders.web;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.esm.orders.GridQuery;
import dev.esm.orders.OrderException;
import dev.esm.orders.OrderGrid;
import dev.esm.orders.Today;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.OperatorLocale;
import dev.esm.platform.OperatorTimeZone;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Stores;

/** The shipping desk: the Today page and the orders grid. */
@Controller
class DeskPageController {

    private final Today today;
    private final OrderGrid grid;
    private final Stores stores;
    private final OperatorTimeZone timeZones;
    private final OperatorLocale locales;

    DeskPageController(Today today, OrderGrid grid, Stores stores, OperatorTimeZone timeZones,
                       OperatorLocale locales) {
        this.locales = locales;
        this.today = today;
        this.grid = grid;
        this.stores = stores;
        this.timeZones = timeZones;
    }

    @GetMapping("/today")
    String today(Model model) {
        ZoneId zone = zone();
        var view = today.view(zone);
        model.addAttribute("today", view);
        model.addAttribute("fmt", new DeskFormat(zone, view.now(), locales.locale()));
        model.addAttribute("dueLate", GridLinks.due(GridQuery.Due.LATE));
        model.addAttribute("dueToday", GridLinks.due(GridQuery.Due.TODAY));
        model.addAttribute("dueAtRisk", GridLinks.due(GridQuery.Due.AT_RISK));
        return "today";
    }

    @GetMapping("/orders")
    String orders(@RequestParam(required = false) String store, @RequestParam(required = false) String marketplace,
                  @RequestParam(required = false) String tab, @RequestParam(required = false) String status,
                  @RequestParam(required = false) String due, @RequestParam(required = false) String late,
                  @RequestParam(required = false) String atRisk, @RequestParam(required = false) String q,
                  @RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
                  @RequestParam(required = false) String page, @RequestParam(required = false) String size,
                  Model model) {
        ZoneId zone = zone();
        var storeList = stores.list();
        model.addAttribute("stores", storeList);
        model.addAttribute("marketplaces", Marketplace.values());
        model.addAttribute("tabs", GridQuery.Tab.values());
        model.addAttribute("sizes", GridQuery.SIZES);
        model.addAttribute("attention", today.attention());
        GridQuery query;
        try {
            query = GridQuery.parse(store, marketplace, tab, status, due, "true".equals(late), "true".equals(atRisk),
                    q, sort, dir, page, size, zone);
        } catch (OrderException e) {
            model.addAttribute("error", e.getMessage());
            query = GridQuery.awaiting(zone);
        }
        var result = grid.page(query);
        model.addAttribute("grid", result);
        model.addAttribute("pageNumbers", pageNumbers(result.query().page(), result.pages()));
        model.addAttribute("batchFilter", batchFilter(result.query(), result.now()));
        model.addAttribute("sortOrder", GridQuery.Sort.ORDER);
        model.addAttribute("sortShipBy", GridQuery.Sort.SHIP_BY);
        model.addAttribute("sortOrdered", GridQuery.Sort.ORDERED);
        model.addAttribute("sortTotal", GridQuery.Sort.TOTAL);
        model.addAttribute("links", new GridLinks(result.query()));
        model.addAttribute("fmt", new DeskFormat(zone, result.now(), locales.locale()));
        return "orders/list";
    }

    /** 1, a gap (0), the pages around the current one, a gap, the last. */
    static List<Integer> pageNumbers(int current, int last) {
        List<Integer> numbers = new ArrayList<>();
        for (int n = 1; n <= last; n++) {
            if (n == 1 || n == last || Math.abs(n - current) <= 2) {
                numbers.add(n);
            } else if (!numbers.isEmpty() && numbers.get(numbers.size() - 1) != 0) {
                numbers.add(0);
            }
        }
        return numbers;
    }

    /**
     * The grid's selection as the label batch's "all matching" filter (the orders filter of {@code /api/v1/orders}):
     * a status tab as its status, late and at risk as themselves, due today as a ship-by window.
     */
    static Map<String, String> batchFilter(GridQuery query, Instant now) {
        Map<String, String> filter = new LinkedHashMap<>();
        if (query.storeId() != null) {
            filter.put("store", query.storeId().toString());
        }
        if (query.marketplace() != null) {
            filter.put("marketplace", query.marketplace().name());
        }
        if (query.tab() != GridQuery.Tab.AWAITING && query.tab() != GridQuery.Tab.ALL) {
            filter.put("status", query.tab().name());
        }
        if (query.due() == GridQuery.Due.LATE) {
            filter.put("late", "true");
        } else if (query.due() == GridQuery.Due.AT_RISK) {
            filter.put("atRisk", "true");
        } else if (query.due() == GridQuery.Due.TODAY) {
            filter.put("shipByFrom", now.toString());
            filter.put("shipByTo", now.atZone(query.zone()).toLocalDate().plusDays(1).atStartOfDay(query.zone())
                    .toInstant().toString());
        }
        if (query.query() != null) {
            filter.put("q", query.query());
        }
        return filter;
    }

    private ZoneId zone() {
        return ActingOperator.current().map(timeZones::zoneOf).orElse(java.time.ZoneOffset.UTC);
    }
}
