package dev.esm.marketplace;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.esm.shared.Marketplace;

/**
 * What a store needs to call its marketplace. Held only sealed in the vault; never returned by a page or the API.
 * Walmart uses the seller's own client id and secret; Amazon and eBay stores receive a refresh token through their
 * OAuth consent flows.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StoreCredentials.Walmart.class, name = "WALMART"),
        @JsonSubTypes.Type(value = StoreCredentials.Amazon.class, name = "AMAZON"),
        @JsonSubTypes.Type(value = StoreCredentials.Ebay.class, name = "EBAY")})
public sealed interface StoreCredentials {

    Marketplace marketplace();

    /**
     * The marketplace's id of the seller account these credentials speak for (Walmart client id, Amazon selling partner
     * id, eBay user id), or null where it is not known (eBay credentials given without the consent flow). Two stores
     * of one owner may not hold the same one.
     */
    @JsonIgnore
    String sellerAccount();

    record Walmart(String clientId, String clientSecret) implements StoreCredentials {
        public Walmart {
            clientId = required(clientId, "clientId", 200);
            clientSecret = required(clientSecret, "clientSecret", 1000);
        }

        @Override
        public Marketplace marketplace() {
            return Marketplace.WALMART;
        }

        @Override
        public String sellerAccount() {
            return clientId;
        }

        @Override
        public String toString() {
            return "Walmart[credentials hidden]";
        }
    }

    record Amazon(String sellingPartnerId, String refreshToken) implements StoreCredentials {
        public Amazon {
            sellingPartnerId = required(sellingPartnerId, "sellingPartnerId", 100);
            refreshToken = required(refreshToken, "refreshToken", 4000);
        }

        @Override
        public Marketplace marketplace() {
            return Marketplace.AMAZON;
        }

        @Override
        public String sellerAccount() {
            return sellingPartnerId;
        }

        @Override
        public String toString() {
            return "Amazon[credentials hidden]";
        }
    }

    /** {@code userId}: the seller's immutable eBay user id, as the consent flow learned it; null when not known. */
    record Ebay(String refreshToken, String userId) implements StoreCredentials {
        public Ebay {
            refreshToken = required(refreshToken, "refreshToken", 4000);
            userId = userId == null || userId.isBlank() ? null : required(userId, "userId", 100);
        }

        public Ebay(String refreshToken) {
            this(refreshToken, null);
        }

        @Override
        public Marketplace marketplace() {
            return Marketplace.EBAY;
        }

        @Override
        public String sellerAccount() {
            return userId;
        }

        @Override
        public String toString() {
            return "Ebay[credentials hidden]";
        }
    }

    /** A credential field is missing or too long; the message names the field, never its value. */
    final class InvalidCredentials extends IllegalArgumentException {
        public InvalidCredentials(String message) {
            super(message);
        }
    }

    private static String required(String value, String field, int max) {
        String clean = value == null ? "" : value.strip();
        if (clean.isEmpty() || clean.length() > max) {
            throw new InvalidCredentials("credentials." + field + " is required (at most " + max + " characters).");
        }
        return clean;
    }
}
