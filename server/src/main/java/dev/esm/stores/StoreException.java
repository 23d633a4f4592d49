package dev.esm.stores;

import dev.esm.platform.web.ProblemException;

/** An expected refusal about stores, with a stable code and a message fit to show the operator (never a secret). */
public class StoreException extends ProblemException {

    public StoreException(Kind kind, String code, String message) {
        super(kind, code, message);
    }

    static StoreException notFound() {
        return new StoreException(Kind.NOT_FOUND, "store-not-found", "No such store.");
    }

    static StoreException notOwner() {
        return new StoreException(Kind.FORBIDDEN, "not-store-owner", "Only the store's owner can do this.");
    }
}
