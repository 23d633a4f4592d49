package dev.esm.marketplace.amazon;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where an Amazon sync stands: the window of lastUpdated times being read and, mid-window, Amazon's pagination token.
 * A window starts at {@code from} and runs to the present; Amazon pins its end ({@code lastUpdatedBefore} in the
 * response), kept here as {@code before}. Between windows only the start of the next one is kept. Stored by the sync
 * engine as text: {@code a1|<from>|<before>|<paginationToken>} or {@code a1|<from>}.
 */
record AmazonCursor(Instant from, Instant before, String token) {

    private static final String VERSION = "a1";

    /** The position to read now: the saved one mid-window, else a window from the saved start less the overlap. */
    static AmazonCursor parse(String cursor, Instant firstSyncFrom, Duration overlap) {
        if (cursor == null || cursor.isBlank()) {
            return new AmazonCursor(firstSyncFrom.truncatedTo(ChronoUnit.SECONDS), null, null);
        }
        String[] parts = cursor.split("\\|", 4);
        if (parts.length < 2 || !parts[0].equals(VERSION) || parts.length == 3) {
            throw new IllegalArgumentException("Not an Amazon sync cursor");
        }
        Instant from = Instant.parse(parts[1]);
        if (parts.length == 4) {
            return new AmazonCursor(from, Instant.parse(parts[2]), parts[3]);
        }
        return new AmazonCursor(from.minus(overlap).truncatedTo(ChronoUnit.SECONDS), null, null);
    }

    /** Mid-window: the same window, the page after {@code nextToken}; {@code end} is the window's pinned end. */
    String next(String nextToken, Instant end) {
        return VERSION + "|" + from + "|" + end + "|" + nextToken;
    }

    /** Between windows: the next window starts where this one ended. */
    static String between(Instant end) {
        return VERSION + "|" + end;
    }
}
