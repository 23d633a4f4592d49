package dev.esm.sandbox;

/** How a marketplace spells the errors the generic layer produces (unknown path, injected faults, crashes). */
public interface ErrorDialect {

    /** An error response with the marketplace's envelope. */
    SandboxResponse error(int status, String code, String message);

    /** The answer to an injected 429 (the marketplace's throttling body and headers). */
    default SandboxResponse throttled(SandboxRequest request) {
        return error(429, "TOO_MANY_REQUESTS", "Too many requests").header("Retry-After", "1");
    }

    /** Plain JSON {"error":...}: for simulators that have not chosen a dialect yet. */
    ErrorDialect PLAIN = (status, code, message) -> {
        var body = Json.object();
        body.put("error", code);
        body.put("message", message);
        return SandboxResponse.json(status, body);
    };
}
