package dev.esm.catalog;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.esm.shared.Marketplace;

/**
 * What the catalog shows: listings of one store or marketplace, in one status, with issues, out of stock, matching a
 * search (a SKU prefix or words of the title), one page of products after a SKU.
 *
 * @param after the last SKU of the previous page (keyset); null for the first page
 */
public record CatalogFilter(UUID store, Marketplace marketplace, ListingStatus status, boolean withIssues,
                            boolean outOfStock, String search, int limit, String after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public enum ListingStatus { PUBLISHED, UNPUBLISHED }

    public CatalogFilter {
        search = search == null || search.isBlank() ? null : search.strip();
        after = after == null || after.isEmpty() ? null : after;
    }

    public static CatalogFilter all() {
        return new CatalogFilter(null, null, null, false, false, null, DEFAULT_LIMIT, null);
    }

    /** From request parameters; anything unreadable is a 400 {@code invalid-filter} naming the parameter. */
    public static CatalogFilter parse(String store, String marketplace, String status, boolean withIssues,
                                      boolean outOfStock, String search, Integer limit, String after) {
        return new CatalogFilter(store(store), marketplace(marketplace), status(status), withIssues, outOfStock,
                search(search), limit(limit), after(after));
    }

    public CatalogFilter next(String afterSku) {
        return new CatalogFilter(store, marketplace, status, withIssues, outOfStock, search, limit, afterSku);
    }

    public Optional<String> storeText() {
        return Optional.ofNullable(store).map(UUID::toString);
    }

    private static UUID store(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            if (raw.strip().length() == 36) {
                return UUID.fromString(raw.strip());
            }
        } catch (IllegalArgumentException ignored) {
            // below
        }
        throw CatalogException.invalidFilter("store must be a store id.");
    }

    private static Marketplace marketplace(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        for (Marketplace m : Marketplace.values()) {
            if (m.name().equalsIgnoreCase(raw.strip())) {
                return m;
            }
        }
        throw CatalogException.invalidFilter("marketplace must be one of " + java.util.Arrays.toString(
                Marketplace.values()) + ".");
    }

    private static ListingStatus status(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return ListingStatus.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CatalogException.invalidFilter("status must be PUBLISHED or UNPUBLISHED.");
        }
    }

    private static String search(String raw) {
        if (raw != null && raw.strip().length() > 200) {
            throw CatalogException.invalidFilter("search must be at most 200 characters.");
        }
        return raw;
    }

    private static int limit(Integer raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        if (raw < 1 || raw > MAX_LIMIT) {
            throw CatalogException.invalidFilter("limit must be from 1 to " + MAX_LIMIT + ".");
        }
        return raw;
    }

    private static String after(String raw) {
        if (raw != null && raw.length() > 200) {
            throw CatalogException.invalidFilter("after must be a SKU of at most 200 characters.");
        }
        return raw;
    }
}
