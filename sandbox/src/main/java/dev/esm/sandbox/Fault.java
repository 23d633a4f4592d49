package dev.esm.sandbox;

/** What {@link FaultKnobs} decided for one request. */
public enum Fault {
    /** Answer normally. */
    NONE,
    /** 429 in the marketplace's throttling format. */
    THROTTLE,
    /** 500 in the marketplace's error format. */
    SERVER_ERROR,
    /** 503 with no body (as a gateway that cannot reach the service). */
    SERVICE_UNAVAILABLE,
    /** Hold the request for the configured hold time (or until the server closes), then 504. */
    TIMEOUT,
    /** Run the request, then answer with its body cut in half (unparsable JSON). */
    MALFORMED
}
