package dev.esm.orders;

import java.time.Instant;
import java.util.UUID;

import dev.esm.shared.Marketplace;

/**
 * What to list. Every field is optional. {@code query} matches a marketplace order id exactly, a SKU exactly, or all
 * words of a buyer's name. {@code after} is the {@code next} cursor of the previous page.
 */
public record OrderFilter(UUID storeId, Marketplace marketplace, OrderStatus status, Instant shipByFrom,
                          Instant shipByTo, boolean late, boolean atRisk, String query, int limit, String after) {

    public static final int MAX_LIMIT = 200;

    public OrderFilter {
        limit = limit <= 0 ? 50 : Math.min(limit, MAX_LIMIT);
        query = query == null || query.isBlank() ? null : query.strip();
        if (query != null && query.length() > 200) {
            throw new IllegalArgumentException("The search is too long (at most 200 characters).");
        }
    }
}
