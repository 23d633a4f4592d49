package dev.esm.stores;

/** An expected refusal, with a stable code and a message fit to show the operator (never a secret). */
public class StoreException extends RuntimeException {

    /**
     * NOT_FOUND 404, FORBIDDEN 403, INVALID 400, CONFLICT 409, REFUSED 422 (the marketplace refused what was sent),
     * UNAVAILABLE 503 (the marketplace could not be asked; nothing was changed).
     */
    public enum Kind { NOT_FOUND, FORBIDDEN, INVALID, CONFLICT, REFUSED, UNAVAILABLE }

    private final Kind kind;
    private final String code;

    public StoreException(Kind kind, String code, String message) {
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

    static StoreException notFound() {
        return new StoreException(Kind.NOT_FOUND, "store-not-found", "No such store.");
    }

    static StoreException notOwner() {
        return new StoreException(Kind.FORBIDDEN, "not-store-owner", "Only the store's owner can do this.");
    }
}
