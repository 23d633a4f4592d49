package dev.esm.stores;

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
        public String toString() {
            return "Amazon[credentials hidden]";
        }
    }

    record Ebay(String refreshToken) implements StoreCredentials {
        public Ebay {
            refreshToken = required(refreshToken, "refreshToken", 4000);
        }

        @Override
        public Marketplace marketplace() {
            return Marketplace.EBAY;
        }

        @Override
        public String toString() {
            return "Ebay[credentials hidden]";
        }
    }

    private static String required(String value, String field, int max) {
        String clean = value == null ? "" : value.strip();
        if (clean.isEmpty() || clean.length() > max) {
            throw new StoreException(StoreException.Kind.INVALID, "invalid-credentials",
                    "credentials." + field + " is required (at most " + max + " characters).");
        }
        return clean;
    }
}
