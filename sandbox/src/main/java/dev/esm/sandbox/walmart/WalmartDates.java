package dev.esm.sandbox.walmart;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Date query parameters as Walmart accepts them: {@code 2020-03-16} (midnight UTC), {@code 2020-03-16T10:30:15Z},
 * with fractional seconds, with an offset ({@code +05:00} or {@code +0000}), or without a zone (UTC). All-digit
 * values are read as epoch milliseconds.
 */
final class WalmartDates {

    private static final DateTimeFormatter COMPACT_OFFSET =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS][.SS][.S]xx");

    private WalmartDates() {
    }

    /** Epoch ms, or a 400 INVALID_REQUEST_PARAM naming the parameter. */
    static long parse(String param, String raw) {
        String value = raw.trim().replace(' ', '+'); // an unencoded '+' arrives as a space
        try {
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (value.matches("\\d{10,}")) {
                return Long.parseLong(value);
            }
            if (value.endsWith("Z") || value.endsWith("z")) {
                return Instant.parse(value.toUpperCase()).toEpochMilli();
            }
            if (value.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(value).toInstant().toEpochMilli();
            }
            if (value.matches(".*[+-]\\d{4}$")) {
                return OffsetDateTime.parse(value, COMPACT_OFFSET).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw WalmartErrors.badParam(param, "Invalid date '" + raw
                    + "'; use yyyy-MM-dd or yyyy-MM-dd'T'HH:mm:ssZ (UTC)");
        }
    }

    /** ISO-8601 UTC with milliseconds, as Walmart writes dates into a nextCursor. */
    static String format(long epochMillis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.MILLIS));
    }
}
