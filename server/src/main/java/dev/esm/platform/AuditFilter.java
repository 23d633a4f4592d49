package dev.esm.platform;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Pattern;

import dev.esm.platform.web.ProblemException;

/**
 * Which audit entries to show: one action (exact name, e.g. {@code store.invite}), a time range {@code [from, to)},
 * entries older than the entry {@code before} (the keyset cursor: the id of the last entry of the previous page),
 * and a page size. Built from request text by {@link #parse}; anything it cannot read is an {@link Invalid} (400).
 */
public record AuditFilter(String action, Instant from, Instant to, Long before, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9.-]{0,63}");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    public AuditFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new Invalid("limit", "Show between 1 and " + MAX_LIMIT + " entries a page.");
        }
    }

    /** Everything, newest first. */
    public static AuditFilter all() {
        return new AuditFilter(null, null, null, null, DEFAULT_LIMIT);
    }

    /**
     * @param from  a date ({@code 2026-11-26}, from the start of that day in {@code zone}) or an ISO-8601 instant
     * @param to    a date (up to the end of that day in {@code zone}, inclusive) or an ISO-8601 instant (exclusive)
     * @throws Invalid naming the field it could not read
     */
    public static AuditFilter parse(String action, String from, String to, String before, String limit, ZoneId zone) {
        String wanted = blank(action) ? null : action.strip();
        if (wanted != null && !ACTION.matcher(wanted).matches()) {
            throw new Invalid("action", "Choose an action from the list.");
        }
        Instant start = time("from", from, zone, false);
        Instant end = time("to", to, zone, true);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new Invalid("to", "The end date must be on or after the start date.");
        }
        return new AuditFilter(wanted, start, end, cursor(before), size(limit));
    }

    /** This filter for the page after the one that ended with entry {@code lastId}. */
    public AuditFilter after(long lastId) {
        return new AuditFilter(action, from, to, lastId, limit);
    }

    /**
     * The address of an audit page ({@code path}) with the filter's fields as the operator typed them and, for the
     * next page, its cursor; blank fields are left out.
     */
    public static String link(String path, String action, String from, String to, Long before) {
        org.springframework.web.util.UriComponentsBuilder uri =
                org.springframework.web.util.UriComponentsBuilder.fromPath(path);
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        params.put("action", action);
        params.put("from", from);
        params.put("to", to);
        params.put("before", before == null ? null : before.toString());
        params.forEach((name, value) -> {
            if (!blank(value)) {
                uri.queryParam(name, value);
            }
        });
        return uri.encode().build().toUriString();
    }

    private static Instant time(String field, String raw, ZoneId zone, boolean endOfDay) {
        if (blank(raw)) {
            return null;
        }
        String text = raw.strip();
        try {
            Instant instant;
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                instant = (endOfDay ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            } else {
                instant = Instant.parse(text);
            }
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw new Invalid(field, "Give a date between the years 1 and 9999.");
            }
            return instant;
        } catch (DateTimeException | ArithmeticException e) {
            throw new Invalid(field, "Give a date as year-month-day, e.g. 2026-11-26.");
        }
    }

    private static Long cursor(String raw) {
        if (blank(raw)) {
            return null;
        }
        try {
            long id = Long.parseLong(raw.strip());
            if (id < 1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new Invalid("before", "That page link is not right; start again from the first page.");
        }
    }

    private static int size(String raw) {
        if (blank(raw)) {
            return DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new Invalid("limit", "Show between 1 and " + MAX_LIMIT + " entries a page.");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** A filter field that could not be read: 400 {@code invalid-filter}, with the field it concerns. */
    public static final class Invalid extends ProblemException {

        private final String field;

        Invalid(String field, String message) {
            super(Kind.INVALID, "invalid-filter", message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
