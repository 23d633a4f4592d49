package dev.esm.sandbox.ebay;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A developer application's keyset: App ID (client id), Cert ID (client secret) and its RuNames. An RuName (eBay
 * redirect URL name) is what OAuth calls {@code redirect_uri}; eBay sends the browser to the RuName's accept URL (or
 * decline URL) after the consent page.
 */
public final class EbayApp {

    /** An RuName and where the browser goes after Agree ({@code acceptUrl}) or Disagree ({@code declineUrl}). */
    public record RuName(String name, String acceptUrl, String declineUrl) {
    }

    private final String clientId;
    private final String clientSecret;
    private final Map<String, RuName> ruNames = new ConcurrentHashMap<>();

    EbayApp(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** Registers an RuName whose declines go to the accept URL too (with {@code error=access_denied}). */
    public EbayApp addRuName(String name, String acceptUrl) {
        return addRuName(name, acceptUrl, acceptUrl);
    }

    public EbayApp addRuName(String name, String acceptUrl, String declineUrl) {
        ruNames.put(name, new RuName(name, acceptUrl, declineUrl));
        return this;
    }

    public Optional<RuName> ruName(String name) {
        return Optional.ofNullable(name == null ? null : ruNames.get(name));
    }
}
