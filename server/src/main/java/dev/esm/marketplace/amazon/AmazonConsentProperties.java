package dev.esm.marketplace.amazon;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SP-API website authorization workflow.
 *
 * @param url           Seller Central's consent page
 * @param applicationId the SP-API application id (amzn1.sp.solution....)
 * @param redirectUri   ESM's callback, registered with the application: {@code https://<host>/connect/amazon/callback}
 * @param draft         true while the application is a draft (adds {@code version=beta})
 */
@ConfigurationProperties("esm.connectors.amazon.consent")
public record AmazonConsentProperties(String url, String applicationId, String redirectUri, Boolean draft) {

    public AmazonConsentProperties {
        url = url == null || url.isBlank() ? "https://sellercentral.amazon.com/apps/authorize/consent" : url.strip();
        applicationId = applicationId == null ? "" : applicationId.strip();
        redirectUri = redirectUri == null ? "" : redirectUri.strip();
        draft = draft != null && draft;
    }
}
