package dev.esm.platform.jobs;

import java.time.Duration;

/** What became of one attempt at a job; messages are plain words for the operator, without buyer data or secrets. */
public sealed interface JobResult {

    /** The work is done. */
    record Done(String message) implements JobResult {
    }

    /** Try again after {@code after} (null: the handler's backoff for the attempt), unless attempts ran out. */
    record Retry(Duration after, String message) implements JobResult {
    }

    /** Given up; "retry" on request requeues it. */
    record Failed(String message) implements JobResult {
    }

    static JobResult done() {
        return new Done(null);
    }

    static JobResult retryIn(Duration wait, String message) {
        return new Retry(wait, message);
    }

    static JobResult backoff(String message) {
        return new Retry(null, message);
    }

    static JobResult failed(String message) {
        return new Failed(message);
    }
}
