package dev.esm.marketplace.ebay;

import java.time.Duration;
import java.time.Instant;

/**
 * Where an eBay sync stands: the window of last-modified times being read, the offset of the next page and the
 * {@code total} getOrders reported for the window on the last page. Between windows only the end of the last one is
 * kept. Stored by the sync engine as text: {@code e1|<from>|<to>|<offset>|<total>} mid-window, {@code e1|<to>} between
 * windows.
 *
 * <p>Offsets move when an order of the window changes while it is being read: the order leaves the window (its
 * lastModifiedDate is now past the window's end; the next window reads it) and every order after it slides one place
 * forward, so the page after would skip one. A smaller {@code total} than last time shows that this happened, and the
 * next page starts that many places earlier: some orders are read twice (harmless), none is skipped. Each such step
 * back costs a page; it ends because a window's total only shrinks (changed orders leave it, none enter it once its
 * end is past).
 */
record EbayCursor(Instant from, Instant to, int offset, int total) {

    private static final String VERSION = "e1";

    /**
     * The position to read now: the saved one mid-window, else a new window of at most {@code maxWindow} up to
     * {@code now}. No window starts before {@code reach} (getOrders refuses filters older than 90 days).
     */
    static EbayCursor parse(String cursor, Instant reach, Duration overlap, Duration maxWindow, Instant now) {
        if (cursor == null || cursor.isBlank()) {
            return window(reach, reach, maxWindow, now);
        }
        String[] parts = cursor.split("\\|", -1);
        if (!parts[0].equals(VERSION) || (parts.length != 2 && parts.length != 5)) {
            throw new IllegalArgumentException("Not an eBay sync cursor");
        }
        Instant from = Instant.parse(parts[1]);
        if (parts.length == 2) {
            return window(from.minus(overlap), reach, maxWindow, now);
        }
        if (from.isBefore(reach)) {
            return window(reach, reach, maxWindow, now);
        }
        return new EbayCursor(from, Instant.parse(parts[2]), Integer.parseInt(parts[3]), Integer.parseInt(parts[4]));
    }

    private static EbayCursor window(Instant start, Instant reach, Duration maxWindow, Instant now) {
        Instant from = start.isBefore(reach) ? reach : start;
        Instant end = from.plus(maxWindow).isBefore(now) ? from.plus(maxWindow) : now;
        return new EbayCursor(from, end.isAfter(from) ? end : from, 0, -1);
    }

    /**
     * The position after a page of {@code received} orders for which getOrders reported {@code total} and whether a
     * {@code next} page exists; null when the window is read to its end.
     */
    EbayCursor afterPage(int received, int reportedTotal, boolean more) {
        int slid = total >= 0 && reportedTotal < total ? total - reportedTotal : 0;
        if (slid > 0 && offset > 0) {
            return new EbayCursor(from, to, Math.max(0, offset - slid), reportedTotal);
        }
        if (more && received > 0) {
            return new EbayCursor(from, to, offset + received, reportedTotal);
        }
        return null;
    }

    /** True when this window reaches {@code now}: after its last page there is nothing more to read for now. */
    boolean reaches(Instant now) {
        return !to.isBefore(now);
    }

    String format() {
        return VERSION + "|" + from + "|" + to + "|" + offset + "|" + total;
    }

    /** The cursor between windows: the next one starts (less the overlap) where this one ended. */
    String formatEnd() {
        return VERSION + "|" + to;
    }
}
