package dev.esm.platform.jobs;

import java.time.Duration;
import java.util.Optional;

/**
 * One kind of job, registered by the module that owns its work (a bean of this type). The facility calls it acting for
 * the job's owner ({@link dev.esm.platform.ActingOperator}), with the job claimed and its lease kept alive by the
 * node's heartbeat for as long as the call runs.
 */
public interface JobHandler {

    /** The kind this handler works: lower case, digits and dashes. */
    String kind();

    /** How many of this kind's jobs this node works on at once; 0 when this node does not work them. */
    default int concurrency() {
        return 1;
    }

    /**
     * How many of this kind's jobs this node may have under way right now, at most {@link #concurrency()}: asked
     * before each claim, so that a handler may follow what it measures (e.g. a provider's latency and rate, ADR 29).
     * Jobs over the limit stay queued for any node.
     */
    default int inFlightLimit() {
        return concurrency();
    }

    /** How long a claim holds without a heartbeat: a dead node's job is taken over after it. */
    default Duration lease() {
        return Duration.ofMinutes(2);
    }

    /** The wait before the next attempt after a {@link JobResult.Retry} without a wait of its own. */
    default Backoff backoff() {
        return Backoff.DEFAULT;
    }

    /** Attempts before a job that keeps asking for a retry is given up. */
    default int maxAttempts() {
        return Integer.MAX_VALUE;
    }

    /** One attempt. A step that may reach the outside world calls {@link JobAttempt#sending()} first. */
    JobResult run(JobAttempt attempt);

    /**
     * Called instead of {@link #run} when the last attempt may have reached the outside world
     * ({@link JobAttempt#maybeSent()}): find out whether it did. A result ends (or postpones) the attempt; empty means
     * it did not arrive, and {@link #run} follows. The default, for handlers that never send, cannot tell and so does
     * not send again blindly: it gives up, leaving the job to the operator.
     */
    default Optional<JobResult> readBack(JobAttempt attempt) {
        return Optional.of(JobResult.failed("The last attempt may have taken effect and cannot be checked."));
    }
}
