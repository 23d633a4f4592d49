package dev.esm.marketplace.ebay;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * eBay's authorization-code consent flow.
 *
 * @param url    eBay's consent page
 * @param ruName the application's RuName, whose accept URL is ESM's {@code https://<host>/connect/ebay/callback}
 */
@ConfigurationProperties("esm.connectors.ebay.consent")
public record EbayConsentProperties(String url, String ruName) {

    public EbayConsentProperties {
        url = url == null || url.isBlank() ? "https://auth.ebay.com/oauth2/authorize" : url.strip();
        ruName = ruName == null ? "" : ruName.strip();
    }
}
