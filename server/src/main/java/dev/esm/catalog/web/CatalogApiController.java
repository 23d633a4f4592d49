package dev.esm.catalog.web;

import java.util.UUID;

import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.esm.catalog.CatalogException;
import dev.esm.catalog.CatalogFilter;
import dev.esm.catalog.CatalogQueries;
import dev.esm.catalog.CatalogViews;

/**
 * {@code /api/v1/listings}: the catalog across the signed-in operator's stores, as products (listings grouped by
 * SKU), one keyset page at a time; {@code /api/v1/listings/{id}}: one listing.
 */
@RestController
@RequestMapping("/api/v1/listings")
class CatalogApiController {

    private final CatalogQueries catalog;

    CatalogApiController(CatalogQueries catalog) {
        this.catalog = catalog;
    }

    /**
     * @param store       a store id
     * @param marketplace WALMART, AMAZON or EBAY
     * @param status      PUBLISHED or UNPUBLISHED
     * @param issues      only listings the marketplace reports issues for
     * @param outOfStock  only listings with quantity 0
     * @param q           a SKU prefix or words of the title
     * @param limit       products per page, 1 to 200 (50)
     * @param after       {@code nextAfter} of the previous page
     */
    @GetMapping
    CatalogViews.Page list(@RequestParam(required = false) @Size(max = 36) String store,
                           @RequestParam(required = false) @Size(max = 20) String marketplace,
                           @RequestParam(required = false) @Size(max = 20) String status,
                           @RequestParam(defaultValue = "false") boolean issues,
                           @RequestParam(defaultValue = "false") boolean outOfStock,
                           @RequestParam(required = false) @Size(max = 200) String q,
                           @RequestParam(required = false) Integer limit,
                           @RequestParam(required = false) @Size(max = 200) String after) {
        return catalog.page(CatalogFilter.parse(store, marketplace, status, issues, outOfStock, q, limit, after));
    }

    @GetMapping("/{id}")
    CatalogViews.Listing get(@PathVariable String id) {
        return catalog.listing(listingId(id));
    }

    static UUID listingId(String raw) {
        try {
            if (raw != null && raw.length() == 36) {
                return UUID.fromString(raw);
            }
        } catch (IllegalArgumentException ignored) {
            // not an id of ours
        }
        throw CatalogException.listingNotFound();
    }
}
