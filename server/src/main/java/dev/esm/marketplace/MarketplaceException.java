package dev.esm.marketplace;

import java.time.Duration;

/**
 * The closed set of ways a marketplace call fails, decided at the connector's edge. Messages name the operation and
 * the HTTP status or error code, never a response body, buyer data or a credential. A refused write (a tracking push)
 * also carries the marketplace's own error code and message text, cut short, so the operator can see what to fix.
 */
public abstract sealed class MarketplaceException extends Exception {

    protected MarketplaceException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The marketplace could not be reached or answered with a server error or an unreadable body; try again later. */
    public static final class MarketplaceUnavailable extends MarketplaceException {
        public MarketplaceUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The marketplace refused the request as invalid; retrying the same request will not help. */
    public static final class MarketplaceRejected extends MarketplaceException {
        public MarketplaceRejected(String message) {
            super(message, null);
        }
    }

    /** The store's credentials were refused: the operator must reconnect the store. */
    public static final class CredentialsExpired extends MarketplaceException {
        public CredentialsExpired(String message) {
            super(message, null);
        }
    }

    /** The marketplace's quota is used up; call again after {@code retryAfter}. */
    public static final class RateLimited extends MarketplaceException {
        private final Duration retryAfter;

        public RateLimited(String message, Duration retryAfter) {
            super(message, null);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
