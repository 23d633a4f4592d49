package dev.esm.orders;

import dev.esm.shared.OrderStatus;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

import dev.esm.shared.Marketplace;

/**
 * What to list. Every field is optional. {@code query} matches a marketplace order id exactly, a SKU exactly, or all
 * words of a buyer's name. {@code after} is the {@code next} cursor of the previous page.
 */
public record OrderFilter(UUID storeId, Marketplace marketplace, OrderStatus status, Instant shipByFrom,
                          Instant shipByTo, boolean late, boolean atRisk, String query, int limit, String after) {

    public static final int MAX_LIMIT = 200;

    /** The times a filter or cursor may name: years 1 to 9999, well inside what PostgreSQL's timestamptz holds. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    public OrderFilter {
        if (!inRange(shipByFrom) || !inRange(shipByTo)) {
            throw new IllegalArgumentException("Ship-by times must be between the years 1 and 9999.");
        }
        limit = limit <= 0 ? 50 : Math.min(limit, MAX_LIMIT);
        query = query == null || query.isBlank() ? null : query.strip();
        if (query != null && query.length() > 200) {
            throw new IllegalArgumentException("The search is too long (at most 200 characters).");
        }
    }

    /**
     * A filter from the orders page's or the API's parameters (ship-by dates as {@code 2026-11-26} or ISO-8601
     * instants); a malformed one is an {@link OrderException} with code {@code invalid-filter}.
     */
    public static OrderFilter parse(String store, String marketplace, String status, String shipByFrom,
                                    String shipByTo, boolean late, boolean atRisk, String q, int limit, String after) {
        try {
            return new OrderFilter(blank(store) ? null : UUID.fromString(store.strip()),
                    blank(marketplace) ? null : Marketplace.valueOf(marketplace.strip().toUpperCase(Locale.ROOT)),
                    blank(status) ? null : OrderStatus.valueOf(status.strip().toUpperCase(Locale.ROOT)),
                    instant(shipByFrom), instant(shipByTo), late, atRisk, q, limit, blank(after) ? null : after);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new OrderException(false, "invalid-filter", "Invalid filter: store must be a store id, marketplace one of "
                    + Marketplace.names() + ", status one of UNSHIPPED, PARTIALLY_SHIPPED, SHIPPED, DELIVERED, CANCELLED, "
                    + "PENDING, and ship-by times ISO-8601 (e.g. 2026-11-26T00:00:00Z).");
        }
    }

    /** Whether {@code time} (if any) is one the database can compare with. */
    public static boolean inRange(Instant time) {
        return time == null || (!time.isBefore(EARLIEST) && !time.isAfter(LATEST));
    }

    private static Instant instant(String raw) {
        if (blank(raw)) {
            return null;
        }
        return raw.length() == 10 ? Instant.parse(raw + "T00:00:00Z") : Instant.parse(raw);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
