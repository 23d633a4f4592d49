package dev.esm.platform.web;

/**
 * The one base of ESM's expected refusals: a {@link Kind} (which decides the HTTP status), a stable {@code code} (the
 * problem+json {@code code} clients branch on) and a message in plain words, fit to show the operator (never a secret,
 * never personal data). Modules throw their own subclasses ({@code StoreException}, {@code OrderException},
 * {@code ShippingException}, {@code AccountException}); {@link ApiProblems} renders every one of them as problem+json
 * and {@link PageProblems} as an error page, so no module has an error handler of its own.
 */
@org.springframework.modulith.NamedInterface("problems")
public class ProblemException extends RuntimeException {

    /** What sort of refusal; {@link #status()} is its HTTP status. */
    public enum Kind {
        /** The request itself is wrong: 400. */
        INVALID(400),
        /** Not the operator's to do (e.g. only the store's owner may): 403. */
        FORBIDDEN(403),
        /** An id the operator cannot see, or that does not exist: 404. */
        NOT_FOUND(404),
        /** The current state does not allow it (e.g. a label exists already, a sync is running): 409. */
        CONFLICT(409),
        /** A precondition of the request does not hold (a webhook's signature does not verify): 412. */
        PRECONDITION_FAILED(412),
        /** A marketplace or the shipping provider refused what was sent: 422, with its words. */
        REFUSED(422),
        /** The shipping provider failed, could not be reached or refused ESM's call: 502. */
        UPSTREAM_FAILED(502),
        /** A marketplace could not be asked; nothing was changed: 503. */
        UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final String code;

    public ProblemException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The stable code, lower-case words joined by hyphens (e.g. {@code store-not-found}). */
    public String code() {
        return code;
    }
}
