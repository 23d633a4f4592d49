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
}
