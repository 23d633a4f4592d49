package dev.esm.platform.jobs;

import java.time.Instant;
import java.util.UUID;

/** A claimed job, for the length of one attempt. */
public final class JobAttempt {

    private final Jobs jobs;
    private final String node;
    private final UUID id;
    private final String kind;
    private final UUID subject;
    private final UUID owner;
    private final int attempt;
    private final boolean maybeSent;
    private final Instant sentAt;
    private final java.time.Duration lease;

    JobAttempt(Jobs jobs, String node, UUID id, String kind, UUID subject, UUID owner, int attempt, boolean maybeSent,
               Instant sentAt, java.time.Duration lease) {
        this.jobs = jobs;
        this.node = node;
        this.id = id;
        this.kind = kind;
        this.subject = subject;
        this.owner = owner;
        this.attempt = attempt;
        this.maybeSent = maybeSent;
        this.sentAt = sentAt;
        this.lease = lease;
    }

    public UUID id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    /** The id of the owning module's row this job works on. */
    public UUID subject() {
        return subject;
    }

    public UUID owner() {
        return owner;
    }

    /** This attempt's number, 1 for the first (a taken-over attempt counts). */
    public int number() {
        return attempt;
    }

    /** Whether an earlier attempt may have reached the outside world without an answer. */
    public boolean maybeSent() {
        return maybeSent;
    }

    /** When that attempt sent, or null. */
    public Instant sentAt() {
        return sentAt;
    }

    String node() {
        return node;
    }

    java.time.Duration lease() {
        return lease;
    }

    /**
     * The journal entry of a step that may reach the outside world, committed before the step: from here on, until
     * this attempt ends with an answer, whoever works the job next reads back first. Renews the lease; false when the
     * claim was lost (the lease ran out and another node took the job over): then do not send.
     */
    public boolean sending() {
        return jobs.markSending(this);
    }

    /** Renews the lease now (the node's heartbeat does so too); false when the claim was lost. */
    public boolean heartbeat() {
        return jobs.renew(this);
    }
}
