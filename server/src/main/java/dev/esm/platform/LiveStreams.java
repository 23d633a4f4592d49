package dev.esm.platform;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live progress as server-sent events, through one bounded broadcaster per node. A stream follows a topic (a sync run,
 * a label batch) for the operator the request acts for; all of that operator's streams on the same topic share one
 * poll of the database, run on a small fixed scheduler with the operator set for row-level security, and stopped once
 * the topic has no streams left. Streams are capped per operator and in total ({@link Busy}, 429), end on their
 * deadline, and end within seconds of their client leaving (a heartbeat comment notices the broken connection).
 */
public interface LiveStreams {

    /**
     * Opens a stream on {@code topic} for the acting operator. The stream gets the topic's latest update at once (if
     * any), then every update {@code source} reads that differs from the one before, and ends after an update marked
     * {@link Update#last() last} or after {@code maxDuration}.
     *
     * @param topic       what is followed, e.g. {@code sync-run:<store>:<since>}; streams of different operators never
     *                    share a poll, whatever the topic
     * @param maxDuration the longest the stream stays open
     * @param source      reads the topic's current state, acting for the operator; {@code null} while there is nothing
     *                    to tell yet. Called for the first stream of the topic's operator with the same topic only.
     * @throws Busy when the operator or the node has as many open streams as allowed
     */
    SseEmitter subscribe(String topic, Duration maxDuration, Source source);

    /** Reads a topic's current state. */
    @FunctionalInterface
    interface Source {
        Update read();
    }

    /**
     * One state of a topic: sent as an event named {@code event} with {@code data} as JSON.
     *
     * @param last the topic is finished: the streams end after this event
     */
    record Update(String event, Object data, boolean last) {
    }

    /** Too many open streams for this operator or this node: 429 problem+json with Retry-After. */
    final class Busy extends ErrorResponseException {

        public Busy(String code, String detail, Duration retryAfter) {
            super(HttpStatus.TOO_MANY_REQUESTS, problem(code, detail), null);
            getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }

        private static ProblemDetail problem(String code, String detail) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail);
            problem.setProperty("code", code);
            return problem;
        }
    }
}
