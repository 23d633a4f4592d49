package dev.esm.sandbox.ebay;

import dev.esm.sandbox.ebay.EbayOrder.Fulfillment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * getOrders' {@code filter}: comma-separated {@code name:value} criteria, already URL-decoded.
 * {@code creationdate:[start..end]} and {@code lastmodifieddate:[start..end]} (inclusive; the end may be left out and
 * means now; when both are given only creationdate counts) and {@code orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}}
 * or {@code {FULFILLED|IN_PROGRESS}}. Without a date criterion the orders created in the lookback (90 days) are
 * listed. Violations answer 400 with the Fulfillment API's error ids 30700-30850.
 */
final class EbayOrderFilter {

    private static final Pattern RANGE = Pattern.compile("\\[([^\\]]*)\\.\\.([^\\]]*)]");
    private static final Set<Fulfillment> OPEN = EnumSet.of(Fulfillment.NOT_STARTED, Fulfillment.IN_PROGRESS);
    private static final Set<Fulfillment> SHIPPING = EnumSet.of(Fulfillment.FULFILLED, Fulfillment.IN_PROGRESS);

    private EbayOrderFilter() {
    }

    static EbayOrderStore.Query parse(String filter, long now, long lookbackMillis) {
        long[] created = null;
        long[] modified = null;
        Set<Fulfillment> statuses = null;
        if (filter != null && !filter.isBlank()) {
            for (String criterion : filter.split(",")) {
                String c = criterion.trim();
                int colon = c.indexOf(':');
                String name = colon < 0 ? c : c.substring(0, colon).trim();
                String value = colon < 0 ? "" : c.substring(colon + 1).trim();
                switch (name) {
                    case "creationdate" -> created = range(name, value, now, lookbackMillis);
                    case "lastmodifieddate" -> modified = range(name, value, now, lookbackMillis);
                    case "orderfulfillmentstatus" -> statuses = statuses(name, value);
                    default -> throw EbayErrors.badRequest(30700, "Invalid filter name: " + name, "filter", name);
                }
            }
        }
        long oldest = now - lookbackMillis;
        if (created != null) {
            return new EbayOrderStore.Query(created[0], created[1], null, null, statuses);
        }
        if (modified != null) {
            return new EbayOrderStore.Query(oldest, null, modified[0], modified[1], statuses);
        }
        return new EbayOrderStore.Query(oldest, now, null, null, statuses);
    }

    private static long[] range(String name, String value, long now, long lookbackMillis) {
        Matcher m = RANGE.matcher(value);
        if (!m.matches()) {
            throw EbayErrors.badRequest(30800, "Invalid filter value " + value + " for filter " + name, "filter",
                    value);
        }
        if (m.group(1).isBlank()) {
            throw EbayErrors.badRequest(30820, "Start date is missing", "filter", value);
        }
        long start = instant(m.group(1));
        long end = m.group(2).isBlank() ? now : instant(m.group(2));
        if (start > now || end > now) {
            throw EbayErrors.badRequest(30850, "Start and end dates can't be in the future", "filter", value);
        }
        if (start > end) {
            throw EbayErrors.badRequest(30840, "Start date should be before end date", "filter", value);
        }
        if (start < now - lookbackMillis) {
            throw EbayErrors.badRequest(30830, "Start date must be within 90 days of end date and current date.",
                    "filter", value);
        }
        return new long[] {start, end};
    }

    private static Set<Fulfillment> statuses(String name, String value) {
        if (value.startsWith("{") && value.endsWith("}")) {
            try {
                Set<Fulfillment> asked = EnumSet.noneOf(Fulfillment.class);
                Arrays.stream(value.substring(1, value.length() - 1).split("\\|"))
                        .forEach(s -> asked.add(Fulfillment.valueOf(s.trim())));
                if (asked.equals(OPEN) || asked.equals(SHIPPING)) {
                    return asked;
                }
            } catch (IllegalArgumentException ignored) {
                // falls through to the error
            }
        }
        throw EbayErrors.badRequest(30800, "Invalid filter value " + value + " for filter " + name, "filter", value);
    }

    /** ISO-8601 in UTC as eBay writes it ({@code 2016-02-21T08:25:43.511Z}), with or without the fraction or offset. */
    static long instant(String text) {
        try {
            return Instant.parse(text.trim()).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text.trim()).toInstant().toEpochMilli();
            } catch (DateTimeParseException again) {
                throw EbayErrors.badRequest(30810, "Invalid date format", "filter", text);
            }
        }
    }
}
