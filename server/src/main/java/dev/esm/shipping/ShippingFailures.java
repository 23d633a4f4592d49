package dev.esm.shipping;

import dev.esm.platform.web.ProblemException.Kind;
import dev.esm.shipping.spi.ShippingProviderException;
import dev.esm.shipping.spi.ShippingProviderException.ProviderKeyRefused;
import dev.esm.shipping.spi.ShippingProviderException.ProviderRateLimited;
import dev.esm.shipping.spi.ShippingProviderException.ProviderRejected;

/** Provider failures as the operator sees them: the provider's code and words, never an opaque "400". */
final class ShippingFailures {

    private ShippingFailures() {
    }

    static ShippingException of(ShippingProviderException e) {
        if (e instanceof ProviderRejected r) {
            return new ShippingException(Kind.REFUSED, "provider-rejected",
                    "The shipping provider refused: " + r.getMessage());
        }
        if (e instanceof ProviderKeyRefused k) {
            return new ShippingException(Kind.UPSTREAM_FAILED, "provider-key-refused",
                    k.getMessage() + ". Enter a valid API key in the store's shipping settings.");
        }
        if (e instanceof ProviderRateLimited l) {
            return new ShippingException(Kind.UPSTREAM_FAILED, "provider-rate-limited",
                    "The shipping provider asks us to slow down; try again in " + l.retryAfter().toSeconds() + " s.");
        }
        return new ShippingException(Kind.UPSTREAM_FAILED, "provider-unavailable",
                "The shipping provider is not answering (" + e.getMessage() + "); try again shortly.");
    }

    /**
     * A refusal of what the operator entered in the shipping settings (the API key being checked, the key an address
     * is verified with): their own input to correct, so 422 in the provider's words rather than 502.
     */
    static ShippingException ofOperatorInput(ShippingProviderException e) {
        if (e instanceof ProviderKeyRefused k) {
            return new ShippingException(Kind.REFUSED, "provider-key-refused",
                    "The shipping provider refused this API key: " + k.getMessage()
                            + ". Enter a valid API key in the store's shipping settings.");
        }
        return of(e);
    }

    static ShippingException noApiKey() {
        return new ShippingException(Kind.CONFLICT, "no-api-key",
                "The store has no shipping provider API key yet; its owner sets it in the store's shipping settings.");
    }
}
