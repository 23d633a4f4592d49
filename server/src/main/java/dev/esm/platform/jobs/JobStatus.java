package dev.esm.platform.jobs;

import java.time.Instant;
import java.util.UUID;

/**
 * What a job looks like from outside: queued, running (by which node, until when), retry at, done or failed, with its
 * attempts and last error in plain words.
 */
public record JobStatus(UUID id, String kind, UUID subject, State state, int attempts, Instant runAt,
                        String claimedBy, Instant leaseUntil, boolean maybeSent, String lastError, Instant createdAt,
                        Instant finishedAt) {

    public enum State { QUEUED, RETRY, RUNNING, DONE, FAILED }

    /** When the job is due next (QUEUED and RETRY), else null. */
    public Instant retryAt() {
        return state == State.QUEUED || state == State.RETRY ? runAt : null;
    }
}
