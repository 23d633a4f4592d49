package dev.esm.marketplace;

import java.time.Instant;
import java.util.List;

import dev.esm.shared.Marketplace;

/**
 * A marketplace's verified notice that one of its users closed their account: everything ESM holds of that user must
 * go. The account is named in the forms the adapter also gives at sync time: {@code buyerAccounts} as
 * {@link MarketplaceOrder.Buyer#accounts()} (so the buyer-account index finds the user's orders) and
 * {@code sellerAccount} as {@link StoreCredentials#sellerAccount()} (so a store connected to that account is found).
 * Personal data: {@link #toString()} never shows it.
 *
 * @param notificationId the marketplace's id of the notice; a repeated delivery carries the same one
 * @param eventAt        when the marketplace says the account was closed, if it says
 */
public record AccountDeletion(Marketplace marketplace, String notificationId, Instant eventAt,
                              List<String> buyerAccounts, String sellerAccount) {

    public AccountDeletion {
        buyerAccounts = List.copyOf(buyerAccounts);
    }

    @Override
    public String toString() {
        return "AccountDeletion[" + marketplace + ", " + notificationId + ", accounts redacted]";
    }
}
