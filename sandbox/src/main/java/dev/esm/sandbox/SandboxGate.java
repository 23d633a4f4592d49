package dev.esm.sandbox;

/**
 * A marketplace's gateway checks (required headers, access token, rate limit) run before faults and the handler.
 * It may set the request's principal and add response headers (e.g. rate-limit headers), and it rejects a request
 * by throwing {@link SandboxException}.
 */
@FunctionalInterface
public interface SandboxGate {

    SandboxGate OPEN = (request) -> { };

    void admit(SandboxRequest request);
}
