package dev.esm.shipping.spi;

import java.time.Duration;

/**
 * The closed set of ways a provider call fails, decided at the adapter's edge. Messages carry the provider's error
 * code and its own words for the operator (e.g. {@code ADDRESS.VERIFY.FAILURE: Invalid or missing ZIP code}), never
 * the API key or a request body.
 */
public abstract sealed class ShippingProviderException extends Exception {

    protected ShippingProviderException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The provider could not be reached, timed out, answered with a server error or an unreadable body. For a buy the
     * outcome is then unknown: the label may have been bought.
     */
    public static final class ProviderUnavailable extends ShippingProviderException {
        public ProviderUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The provider refused the request; the same request will be refused again. */
    public static final class ProviderRejected extends ShippingProviderException {
        private final int status;
        private final String code;

        public ProviderRejected(int status, String code, String message) {
            super(message, null);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        /** The provider's error code, e.g. {@code PARAMETER.REQUIRED}. */
        public String code() {
            return code;
        }

        public boolean notFound() {
            return status == 404;
        }

        /** The shipment already has a label (EasyPost {@code SHIPMENT.POSTAGE.EXISTS}). */
        public boolean alreadyBought() {
            return "SHIPMENT.POSTAGE.EXISTS".equals(code);
        }
    }

    /** The API key was refused: the operator must enter a valid one. */
    public static final class ProviderKeyRefused extends ShippingProviderException {
        public ProviderKeyRefused(String message) {
            super(message, null);
        }
    }

    /** Too many requests; call again after {@code retryAfter}. */
    public static final class ProviderRateLimited extends ShippingProviderException {
        private final Duration retryAfter;

        public ProviderRateLimited(String message, Duration retryAfter) {
            super(message, null);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
