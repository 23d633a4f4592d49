package dev.esm.orders;

/** An expected refusal about orders; {@code notFound} for ids the operator cannot see. */
public class OrderException extends RuntimeException {

    private final boolean notFound;
    private final String code;

    public OrderException(boolean notFound, String code, String message) {
        super(message);
        this.notFound = notFound;
        this.code = code;
    }

    public boolean notFound() {
        return notFound;
    }

    public String code() {
        return code;
    }

    static OrderException orderNotFound() {
        return new OrderException(true, "order-not-found", "No such order.");
    }
}
