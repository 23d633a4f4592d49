package dev.esm.catalog.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import dev.esm.catalog.CatalogException;
import dev.esm.catalog.CatalogFilter;
import dev.esm.catalog.CatalogQueries;
import dev.esm.catalog.CatalogViews;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Stores;

/** The catalog page: every product of the operator's stores with its listings, filters, search and pages. */
@Controller
class CatalogPageController {

    private final CatalogQueries catalog;
    private final Stores stores;

    CatalogPageController(CatalogQueries catalog, Stores stores) {
        this.catalog = catalog;
        this.stores = stores;
    }

    @GetMapping("/catalog")
    String catalog(@RequestParam(required = false) String store, @RequestParam(required = false) String marketplace,
                   @RequestParam(required = false) String status,
                   @RequestParam(defaultValue = "false") String issues,
                   @RequestParam(defaultValue = "false") String outOfStock,
                   @RequestParam(required = false) String q, @RequestParam(required = false) String after,
                   Model model) {
        model.addAttribute("cf", new CatalogFormat());
        model.addAttribute("stores", stores.list());
        model.addAttribute("marketplaces", Marketplace.values());
        model.addAttribute("syncs", catalog.syncs());
        CatalogFilter filter;
        try {
            filter = CatalogFilter.parse(store, marketplace, status, flag(issues), flag(outOfStock), q, null, after);
        } catch (CatalogException refused) {
            model.addAttribute("filterError", refused.getMessage());
            filter = CatalogFilter.all();
        }
        CatalogViews.Page page;
        try {
            page = catalog.page(filter);
        } catch (CatalogException refused) {
            model.addAttribute("filterError", refused.getMessage());
            filter = CatalogFilter.all();
            page = catalog.page(filter);
        }
        model.addAttribute("filter", filter);
        model.addAttribute("page", page);
        model.addAttribute("nextLink", page.nextAfter() == null ? null : link(filter.next(page.nextAfter())));
        model.addAttribute("firstLink", filter.after() == null ? null : link(filter.next(null)));
        return "catalog/list";
    }

    @GetMapping("/catalog/listings/{id}")
    String listing(@PathVariable String id, Model model) {
        model.addAttribute("cf", new CatalogFormat());
        model.addAttribute("listing", catalog.listing(CatalogApiController.listingId(id)));
        return "catalog/listing";
    }

    private static boolean flag(String raw) {
        return "true".equalsIgnoreCase(raw) || "on".equalsIgnoreCase(raw);
    }

    private static String link(CatalogFilter filter) {
        Map<String, String> params = new LinkedHashMap<>();
        filter.storeText().ifPresent(s -> params.put("store", s));
        if (filter.marketplace() != null) {
            params.put("marketplace", filter.marketplace().name());
        }
        if (filter.status() != null) {
            params.put("status", filter.status().name());
        }
        if (filter.withIssues()) {
            params.put("issues", "true");
        }
        if (filter.outOfStock()) {
            params.put("outOfStock", "true");
        }
        if (filter.search() != null) {
            params.put("q", filter.search());
        }
        if (filter.after() != null) {
            params.put("after", filter.after());
        }
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/catalog");
        params.forEach(uri::queryParam);
        return uri.encode().build().toUriString();
    }
}
