package dev.esm.catalog;

import dev.esm.platform.web.ProblemException;

/** An expected refusal about listings: 404 for ids the operator cannot see, else 400. */
public class CatalogException extends ProblemException {

    public CatalogException(boolean notFound, String code, String message) {
        super(notFound ? Kind.NOT_FOUND : Kind.INVALID, code, message);
    }

    public static CatalogException listingNotFound() {
        return new CatalogException(true, "listing-not-found", "No such listing.");
    }

    static CatalogException invalidFilter(String message) {
        return new CatalogException(false, "invalid-filter", message);
    }
}
