package dev.esm.orders;

import dev.esm.platform.web.ProblemException;

/** An expected refusal about orders: 404 for ids the operator cannot see ({@code notFound}), else 400. */
public class OrderException extends ProblemException {

    public OrderException(boolean notFound, String code, String message) {
        super(notFound ? Kind.NOT_FOUND : Kind.INVALID, code, message);
    }

    /** A refusal of another kind: 403 (only the store's owner may) or 409 (the order's state does not allow it). */
    public OrderException(Kind kind, String code, String message) {
        super(kind, code, message);
    }

    public boolean notFound() {
        return kind() == Kind.NOT_FOUND;
    }

    static OrderException orderNotFound() {
        return new OrderException(true, "order-not-found", "No such order.");
    }
}
