package dev.esm.shipping;

/**
 * An expected refusal in shipping, with a stable {@code code} for the API and a message for the operator (for
 * provider refusals: the provider's own code and words).
 */
public class ShippingException extends RuntimeException {

    public enum Kind {
        /** An id the operator cannot see (or that does not exist): 404. */
        NOT_FOUND,
        /** Only the store's owner may change its shipping settings: 403. */
        FORBIDDEN,
        /** The request itself is wrong: 400. */
        INVALID,
        /** The shipment's state does not allow it (e.g. a label exists already): 409. */
        CONFLICT,
        /** The provider refused: 422 with its message. */
        PROVIDER_REJECTED,
        /** The provider could not be reached or refused the API key: 502/503. */
        PROVIDER_UNAVAILABLE
    }

    private final Kind kind;
    private final String code;

    public ShippingException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    static ShippingException notFound(String what) {
        return new ShippingException(Kind.NOT_FOUND, what + "-not-found", "No such " + what.replace('-', ' ') + ".");
    }

    static ShippingException invalid(String code, String message) {
        return new ShippingException(Kind.INVALID, code, message);
    }
}
