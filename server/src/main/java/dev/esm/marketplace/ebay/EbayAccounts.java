package dev.esm.marketplace.ebay;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An eBay user's account in the forms ESM indexes (the buyer-account blind index) and matches deletion notices by:
 * {@code userId:<immutable user id>} and {@code username:<username, lower case>} (eBay usernames are not case
 * sensitive). getOrders' {@code buyer} names the username (the spec's only field); eBay has announced user ids in its
 * place, so a {@code buyer.userId} is indexed too when it appears. The same method builds both sides, so they match.
 */
final class EbayAccounts {

    private EbayAccounts() {
    }

    static List<String> keys(String username, String userId) {
        List<String> keys = new ArrayList<>(2);
        if (userId != null && !userId.isBlank()) {
            keys.add("userId:" + userId.strip());
        }
        if (username != null && !username.isBlank()) {
            keys.add("username:" + username.strip().toLowerCase(Locale.ROOT));
        }
        return keys;
    }
}
