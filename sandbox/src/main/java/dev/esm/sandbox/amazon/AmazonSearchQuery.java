package dev.esm.sandbox.amazon;

import dev.esm.sandbox.SandboxRequest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The query of {@code searchOrders} as orders_2026-01-01.json defines it: exactly one of {@code createdAfter} and
 * {@code lastUpdatedAfter}, the matching optional {@code *Before} (not after the *After, at least two minutes before
 * now), {@code fulfillmentStatuses}, {@code marketplaceIds} (at most 50), {@code fulfilledBy},
 * {@code maxResultsPerPage} (1..100, default 100), {@code includedData} and {@code paginationToken}. Array
 * parameters come comma-separated (Swagger's csv) or repeated. Without a *Before the window ends at the first page's
 * "now", echoed in the response; the pagination token pins that end and the position (last key), and is refused
 * when the other filters change or after 24 hours.
 */
final class AmazonSearchQuery {

    static final int MAX_PAGE = 100;
    static final long MIN_LAG = 2 * AmazonOrderFactory.MINUTE;
    static final long MAX_AGE = 730 * AmazonOrderFactory.DAY;
    static final long TOKEN_LIFETIME = AmazonOrderFactory.DAY;
    static final Set<String> INCLUDED = Set.of("BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION",
            "CANCELLATION", "FULFILLMENT", "PACKAGES", "TAX", "PAYMENT", "FULFILLMENT_ORDERS");
    private static final Set<String> STATUSES = Set.of("PENDING_AVAILABILITY", "PENDING", "UNSHIPPED",
            "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED", "UNFULFILLABLE");

    final boolean byCreated;
    final long after;
    final long end;
    final int pageSize;
    final Set<String> included;
    final long afterKey;
    private final Set<String> statuses;
    private final Set<String> marketplaceIds;
    private final Set<String> fulfilledBy;
    private final String fingerprint;

    private AmazonSearchQuery(boolean byCreated, long after, long end, int pageSize, Set<String> included,
                              long afterKey, Set<String> statuses, Set<String> marketplaceIds,
                              Set<String> fulfilledBy, String fingerprint) {
        this.byCreated = byCreated;
        this.after = after;
        this.end = end;
        this.pageSize = pageSize;
        this.included = included;
        this.afterKey = afterKey;
        this.statuses = statuses;
        this.marketplaceIds = marketplaceIds;
        this.fulfilledBy = fulfilledBy;
        this.fingerprint = fingerprint;
    }

    static AmazonSearchQuery parse(SandboxRequest request, AmazonSeller seller, long now) {
        String createdAfter = request.query("createdAfter");
        String createdBefore = request.query("createdBefore");
        String updatedAfter = request.query("lastUpdatedAfter");
        String updatedBefore = request.query("lastUpdatedBefore");
        boolean byCreated = present(createdAfter);
        if (byCreated == present(updatedAfter)) {
            throw AmazonErrors.invalidInput("Exactly one of createdAfter and lastUpdatedAfter must be provided.");
        }
        if (byCreated ? present(updatedBefore) : present(createdBefore)) {
            throw AmazonErrors.invalidInput("createdAfter/createdBefore cannot be combined with "
                    + "lastUpdatedAfter/lastUpdatedBefore.");
        }
        String afterName = byCreated ? "createdAfter" : "lastUpdatedAfter";
        String beforeName = byCreated ? "createdBefore" : "lastUpdatedBefore";
        long after = date(afterName, byCreated ? createdAfter : updatedAfter);
        String beforeRaw = byCreated ? createdBefore : updatedBefore;
        Long before = present(beforeRaw) ? date(beforeName, beforeRaw) : null;
        if (before != null && (before < after || before > now - MIN_LAG)) {
            throw AmazonErrors.invalidInput(beforeName + " must be equal to or after " + afterName
                    + " and at least two minutes before the time of the request.");
        }
        Set<String> statuses = values(request, "fulfillmentStatuses", STATUSES, 0);
        Set<String> marketplaceIds = values(request, "marketplaceIds", null, 50);
        Set<String> fulfilledBy = values(request, "fulfilledBy", Set.of("MERCHANT", "AMAZON"), 0);
        Set<String> included = values(request, "includedData", INCLUDED, 0);
        int pageSize = pageSize(request.query("maxResultsPerPage"));
        String fingerprint = String.join("|", String.valueOf(byCreated), String.valueOf(after),
                String.valueOf(before), statuses.toString(), marketplaceIds.toString(), fulfilledBy.toString());

        long end = before != null ? before : now;
        long afterKey = AmazonOrderStore.FROM_START;
        String token = request.query("paginationToken");
        if (present(token)) {
            long[] position = decodeToken(token, seller, fingerprint, now);
            end = position[0];
            afterKey = position[1];
        }
        return new AmazonSearchQuery(byCreated, after, end, pageSize, included, afterKey, statuses, marketplaceIds,
                fulfilledBy, fingerprint);
    }

    /** Where the store's scan may start: the lastUpdatedAfter time, or everything for createdAfter searches. */
    long updatedFrom() {
        return byCreated ? Long.MIN_VALUE : after;
    }

    String endField() {
        return byCreated ? "createdBefore" : "lastUpdatedBefore";
    }

    Predicate<AmazonOrder> filter(long now) {
        long oldest = now - MAX_AGE;
        return order -> {
            long created = order.createdTime().toEpochMilli();
            long time = byCreated ? created : order.lastUpdatedTime().toEpochMilli();
            return created >= oldest && time >= after && time <= end
                    && (statuses.isEmpty() || statuses.contains(order.status().wire()))
                    && (marketplaceIds.isEmpty() || marketplaceIds.contains(order.marketplaceId()))
                    && (fulfilledBy.isEmpty() || fulfilledBy.contains(order.extras().fulfilledByAmazon() ? "AMAZON" : "MERCHANT"));
        };
    }

    /** The opaque token for the page after {@code lastKey}. */
    String nextToken(AmazonSeller seller, long lastKey, long now) {
        String raw = String.join("|", "1", String.valueOf(seller.number()),
                Integer.toHexString(fingerprint.hashCode()), String.valueOf(end), String.valueOf(lastKey),
                String.valueOf(now));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The pinned end and the last key of a token from {@link #nextToken}. */
    private static long[] decodeToken(String token, AmazonSeller seller, String fingerprint, long now) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8).split("\\|");
        } catch (IllegalArgumentException e) {
            throw AmazonErrors.invalidInput("Invalid paginationToken.");
        }
        if (parts.length != 6 || !parts[0].equals("1")) {
            throw AmazonErrors.invalidInput("Invalid paginationToken.");
        }
        if (!parts[1].equals(String.valueOf(seller.number()))) {
            throw AmazonErrors.invalidInput("The paginationToken belongs to another selling partner.");
        }
        if (!parts[2].equals(Integer.toHexString(fingerprint.hashCode()))) {
            throw AmazonErrors.invalidInput("All parameters except maxResultsPerPage and includedData must be "
                    + "the same as in the request that returned the paginationToken.");
        }
        try {
            if (now - Long.parseLong(parts[5]) > TOKEN_LIFETIME) {
                throw AmazonErrors.invalidInput("The paginationToken has expired.");
            }
            return new long[] {Long.parseLong(parts[3]), Long.parseLong(parts[4])};
        } catch (NumberFormatException e) {
            throw AmazonErrors.invalidInput("Invalid paginationToken.");
        }
    }

    /** The {@code includedData} of any Orders API request. */
    static Set<String> includedData(SandboxRequest request) {
        return values(request, "includedData", INCLUDED, 0);
    }

    private static int pageSize(String raw) {
        if (!present(raw)) {
            return MAX_PAGE;
        }
        try {
            int size = Integer.parseInt(raw.trim());
            if (size >= 1 && size <= MAX_PAGE) {
                return size;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw AmazonErrors.invalidInput("maxResultsPerPage must be between 1 and " + MAX_PAGE + ".");
    }

    /** The comma-separated or repeated values of an array parameter, checked against {@code allowed} (null: any). */
    private static Set<String> values(SandboxRequest request, String name, Set<String> allowed, int max) {
        List<String> raw = request.queryParams().getOrDefault(name, List.of());
        Set<String> out = new TreeSet<>();
        for (String value : raw) {
            for (String part : value.split(",")) {
                String v = part.trim();
                if (v.isEmpty()) {
                    continue;
                }
                if (allowed != null && !allowed.contains(v)) {
                    throw AmazonErrors.invalidInput("Invalid value '" + v + "' for " + name + ".");
                }
                out.add(v);
            }
        }
        if (max > 0 && out.size() > max) {
            throw AmazonErrors.invalidInput(name + " accepts at most " + max + " values.");
        }
        return out;
    }

    /** ISO-8601: with Z or an offset, or a plain date (midnight UTC). */
    static long date(String name, String raw) {
        String value = raw.trim().replace(' ', '+');
        try {
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (value.endsWith("Z") || value.endsWith("z")) {
                return Instant.parse(value.toUpperCase()).toEpochMilli();
            }
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw AmazonErrors.invalidInput(name + " must be an ISO 8601 date-time.");
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
