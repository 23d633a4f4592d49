package dev.esm.sandbox;

/** Thrown by handlers and gates to answer a request with a ready-made (usually error) response. */
public final class SandboxException extends RuntimeException {

    private final transient SandboxResponse response;

    public SandboxException(SandboxResponse response) {
        super("sandbox answered " + response.status(), null, false, false);
        this.response = response;
    }

    public SandboxResponse response() {
        return response;
    }
}
