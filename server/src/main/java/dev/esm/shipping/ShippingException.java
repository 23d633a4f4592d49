package dev.esm.shipping;

import dev.esm.platform.web.ProblemException;

/**
 * An expected refusal in shipping, with a stable {@code code} for the API and a message for the operator (for
 * provider refusals: the provider's own code and words; {@link Kind#REFUSED} 422 when the provider refused what was
 * sent, {@link Kind#UPSTREAM_FAILED} 502 when it failed, could not be reached or refused the API key).
 */
public class ShippingException extends ProblemException {

    public ShippingException(Kind kind, String code, String message) {
        super(kind, code, message);
    }

    static ShippingException notFound(String what) {
        return new ShippingException(Kind.NOT_FOUND, what + "-not-found", "No such " + what.replace('-', ' ') + ".");
    }

    static ShippingException invalid(String code, String message) {
        return new ShippingException(Kind.INVALID, code, message);
    }
}
