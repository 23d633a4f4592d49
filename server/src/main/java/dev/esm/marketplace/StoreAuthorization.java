package dev.esm.marketplace;

import java.net.URI;
import java.util.Map;

import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;

/**
 * A marketplace's consent flow for connecting a seller account: where to send the seller's browser, and how to turn
 * the marketplace's redirect back into the store's credentials.
 */
public interface StoreAuthorization {

    Marketplace marketplace();

    /** The marketplace's consent page for this request; {@code state} comes back unchanged on the redirect. */
    URI consentUrl(String state);

    /**
     * Completes the flow from the redirect's query parameters (e.g. exchanges the authorization code).
     *
     * @throws AuthorizationFailed with a message fit to show the operator, never carrying a code or token
     */
    StoreCredentials complete(Map<String, String> callback) throws AuthorizationFailed;

    /** The consent was refused, expired or could not be exchanged. */
    final class AuthorizationFailed extends Exception {
        public AuthorizationFailed(String message) {
            super(message);
        }
    }
}
