package dev.esm.platform;

import java.util.List;

/**
 * One page of audit entries, newest first; {@code nextBefore} is the cursor of the next (older) page, null on the
 * last page.
 */
public record AuditPage(List<AuditEntry> entries, Long nextBefore) {

    /** The page from up to {@code limit + 1} rows read: the extra row only says that another page follows. */
    public static AuditPage of(List<AuditEntry> rows, int limit) {
        if (rows.size() <= limit) {
            return new AuditPage(List.copyOf(rows), null);
        }
        List<AuditEntry> shown = List.copyOf(rows.subList(0, limit));
        return new AuditPage(shown, shown.get(limit - 1).id());
    }
}
