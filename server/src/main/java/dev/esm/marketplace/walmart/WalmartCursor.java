package dev.esm.marketplace.walmart;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a Walmart sync stands: the window of last-modified times being read and, mid-window, Walmart's own
 * {@code nextCursor}. Between windows only the start of the next one is kept. Stored by the sync engine as text:
 * {@code w1|<from>|<to>|<nextCursor>} or {@code w1|<from>}.
 */
record WalmartCursor(Instant from, Instant to, String next) {

    private static final String VERSION = "w1";

    /**
     * The position to read now: the saved one mid-window, else a new window of at most {@code maxWindow} up to
     * {@code now} (Walmart answers at most 10,000 orders per query, so a long backfill reads in slices).
     */
    static WalmartCursor parse(String cursor, Instant firstSyncFrom, Duration overlap, Duration maxWindow, Instant now) {
        if (cursor == null || cursor.isBlank()) {
            return window(firstSyncFrom, maxWindow, now);
        }
        String[] parts = cursor.split("\\|", 4);
        if (parts.length < 2 || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("Not a Walmart sync cursor");
        }
        Instant from = Instant.parse(parts[1]);
        if (parts.length == 4) {
            return new WalmartCursor(from, Instant.parse(parts[2]), parts[3]);
        }
        return window(from.minus(overlap), maxWindow, now);
    }

    private static WalmartCursor window(Instant start, Duration maxWindow, Instant now) {
        Instant end = start.plus(maxWindow).isBefore(now) ? start.plus(maxWindow) : now;
        return new WalmartCursor(start, end.isAfter(start) ? end : start, null);
    }

    /** True when this window reaches {@code now}: after its last page there is nothing more to read for now. */
    boolean reaches(Instant now) {
        return !to.isBefore(now);
    }

    static WalmartCursor nextWindow(Instant from) {
        return new WalmartCursor(from, null, null);
    }

    WalmartCursor withNext(String nextCursor) {
        return new WalmartCursor(from, to, nextCursor);
    }

    String format() {
        return next == null || to == null ? VERSION + "|" + (to == null ? from : to)
                : VERSION + "|" + from + "|" + to + "|" + next;
    }
}
