package dev.esm.marketplace;

import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;

/**
 * Checks credentials that an operator typed in (a Walmart client id and secret) with the marketplace before the store
 * keeps them, so a store never shows "Credentials: Set" for credentials the marketplace refuses. Credentials that come
 * from a consent flow ({@link StoreAuthorization}) were checked by its code exchange and are not checked again.
 */
public interface CredentialCheck {

    Marketplace marketplace();

    /**
     * One call to the marketplace with the credentials (e.g. Walmart's token call).
     *
     * @throws Refused     the marketplace refused them; the message says so plainly, never repeating a credential
     * @throws Unavailable the marketplace could not say (down, throttled, unreadable answer); try again later
     */
    void check(StoreCredentials credentials) throws Refused, Unavailable;

    /** The marketplace refused the credentials. */
    final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** The marketplace could not be asked or gave no usable answer. */
    final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }
}
