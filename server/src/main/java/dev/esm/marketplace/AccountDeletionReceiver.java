package dev.esm.marketplace;

/**
 * Takes verified account deletion notices over (implemented by the module that owns the data they remove): keeps the
 * notice durably, once per notification id, and removes what it names later, off the webhook's request.
 */
public interface AccountDeletionReceiver {

    /** @return false when the notice was received before (a repeated delivery): nothing more is done */
    boolean receive(AccountDeletion notice);
}
