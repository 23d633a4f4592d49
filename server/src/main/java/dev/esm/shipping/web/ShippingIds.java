package dev.esm.shipping.web;

import java.math.BigDecimal;
import java.util.UUID;

import dev.esm.shipping.ShippingException;
import dev.esm.platform.web.ProblemException.Kind;

final class ShippingIds {

    private ShippingIds() {
    }

    /** An id from a path; anything that is not a UUID is simply something that does not exist. */
    static UUID id(String raw, String what) {
        try {
            if (raw != null && raw.length() == 36) {
                return UUID.fromString(raw);
            }
        } catch (IllegalArgumentException e) {
            // not ours
        }
        throw new ShippingException(Kind.NOT_FOUND, what + "-not-found", "No such " + what.replace('-', ' ') + ".");
    }

    /** An id from a form or body field, where a wrong one is a bad request. */
    static UUID field(String raw, String field) {
        try {
            return raw == null || raw.isBlank() ? null : UUID.fromString(raw.strip());
        } catch (IllegalArgumentException e) {
            throw new ShippingException(Kind.INVALID, "invalid-" + field, field + " is not a valid id.");
        }
    }

    /** An id from a list in a form or body, where a missing one is as wrong as a malformed one. */
    static UUID element(String raw, String field) {
        UUID id = field(raw, field);
        if (id == null) {
            throw new ShippingException(Kind.INVALID, "invalid-" + field, field + " is not a valid id.");
        }
        return id;
    }

    static BigDecimal number(String raw, String field) {
        return number(raw, field, field);
    }

    /** A number from a form field; {@code name} says it in people's words ("The weight"). */
    static BigDecimal number(String raw, String field, String name) {
        BigDecimal number;
        try {
            number = raw == null || raw.isBlank() ? null : new BigDecimal(raw.strip());
        } catch (NumberFormatException e) {
            throw new ShippingException(Kind.INVALID, "invalid-" + field, name + " must be a number.");
        }
        // no absurd exponent (1e-999999999) is ever rounded or added: that would expand it digit by digit
        if (number != null && (number.scale() > 20 || number.scale() < -20)) {
            throw new ShippingException(Kind.INVALID, "invalid-" + field, name + " is out of range.");
        }
        return number;
    }
}
