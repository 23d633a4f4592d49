package dev.esm.platform;

import java.time.Instant;

/**
 * One audit entry as shown: when, who (the actor's email, for platform admins; null on an operator's own log and for
 * entries of no account), what (the action's name and {@link AuditActions#describe plain words}), on what (record ids
 * only) and from where (an IP address, cut to its network after 30 days, or an internal name).
 */
public record AuditEntry(long id, Instant at, String actorEmail, String action, String description, String target,
                         String source) {

    public AuditEntry(long id, Instant at, String actorEmail, String action, String target, String source) {
        this(id, at, actorEmail, action, AuditActions.describe(action), target, source);
    }

    /**
     * The target for reading: each {@code kind:id} as its kind and the id's first 8 characters ({@code store 037ca4e0
     * · invitation 7bce8f10}); the full target stays in {@link #target}.
     */
    public String shortTarget() {
        if (target == null || target.isBlank()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String part : target.strip().split("\\s+")) {
            int colon = part.indexOf(':');
            String kind = colon < 0 ? part : part.substring(0, colon).replace('-', ' ');
            String id = colon < 0 ? "" : part.substring(colon + 1);
            if (!out.isEmpty()) {
                out.append(" · ");
            }
            out.append(kind);
            if (!id.isEmpty()) {
                out.append(' ').append(id.length() > 8 ? id.substring(0, 8) : id);
            }
        }
        return out.toString();
    }
}
