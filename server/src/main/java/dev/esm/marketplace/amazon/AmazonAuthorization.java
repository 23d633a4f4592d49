package dev.esm.marketplace.amazon;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.esm.marketplace.MarketplaceException;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.marketplace.StoreAuthorization;

/**
 * Connects an Amazon store through the SP-API website authorization workflow: Seller Central's consent page, then
 * the redirect with {@code spapi_oauth_code}, {@code selling_partner_id} and {@code state}, then the LWA
 * authorization-code grant for the store's refresh token.
 */
@Component
class AmazonAuthorization implements StoreAuthorization {

    private static final String OPERATION = "POST /auth/o2/token (authorization code)";

    private final AmazonConsentProperties consent;
    private final AmazonProperties properties;
    private final AmazonHttp http = new AmazonHttp();

    AmazonAuthorization(AmazonConsentProperties consent, AmazonProperties properties) {
        this.consent = consent;
        this.properties = properties;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.AMAZON;
    }

    @Override
    public URI consentUrl(String state) {
        return URI.create(consent.url() + (consent.url().contains("?") ? "&" : "?")
                + "application_id=" + encode(consent.applicationId()) + "&state=" + encode(state)
                + (consent.redirectUri().isEmpty() ? "" : "&redirect_uri=" + encode(consent.redirectUri()))
                + (consent.draft() ? "&version=beta" : ""));
    }

    @Override
    public StoreCredentials complete(Map<String, String> callback) throws AuthorizationFailed {
        String code = callback.get("spapi_oauth_code");
        String sellingPartnerId = callback.get("selling_partner_id");
        if (code == null || code.isBlank() || sellingPartnerId == null || sellingPartnerId.isBlank()) {
            throw new AuthorizationFailed("Amazon did not authorize ESM for this store.");
        }
        String form = "grant_type=authorization_code&code=" + encode(code)
                + "&redirect_uri=" + encode(consent.redirectUri())
                + "&client_id=" + encode(properties.clientId()) + "&client_secret=" + encode(properties.clientSecret());
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(properties.tokenUrl()))
                    .timeout(properties.requestTimeout())
                    .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), OPERATION);
            if (response.statusCode() != 200) {
                throw new AuthorizationFailed("Amazon refused the authorization (HTTP " + response.statusCode()
                        + http.errorCodes(response.body()) + "). Start the connection again.");
            }
            JsonNode refreshToken = http.read(response, OPERATION).path("refresh_token");
            if (!refreshToken.isString() || refreshToken.asString().isBlank()) {
                throw new AuthorizationFailed("Amazon answered without a refresh token. Start the connection again.");
            }
            return new StoreCredentials.Amazon(sellingPartnerId, refreshToken.asString());
        } catch (MarketplaceException e) {
            throw new AuthorizationFailed("Amazon could not be reached to finish the connection (" + e.getMessage()
                    + "). Try again.");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
