package dev.esm.marketplace.ebay;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.esm.marketplace.MarketplaceException;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.marketplace.StoreAuthorization;

/**
 * Connects an eBay store through eBay's consent page: the seller agrees, eBay sends the browser to the RuName's accept
 * URL with {@code code} and {@code state}, the authorization-code grant returns the store's refresh token, and the
 * Commerce Identity API's getUser names the seller who agreed (so one seller is not connected to two stores).
 */
@Component
class EbayAuthorization implements StoreAuthorization {

    private static final String OPERATION = "POST /identity/v1/oauth2/token (authorization code)";
    private static final String IDENTITY_OPERATION = "GET /commerce/identity/v1/user/";

    private final EbayConsentProperties consent;
    private final EbayProperties properties;
    private final EbayHttp http = new EbayHttp();

    EbayAuthorization(EbayConsentProperties consent, EbayProperties properties) {
        this.consent = consent;
        this.properties = properties;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.EBAY;
    }

    @Override
    public URI consentUrl(String state) {
        return URI.create(consent.url() + (consent.url().contains("?") ? "&" : "?")
                + "client_id=" + encode(properties.clientId()) + "&redirect_uri=" + encode(consent.ruName())
                + "&response_type=code&scope=" + encode(String.join(" ", consentScopes()))
                + "&state=" + encode(state));
    }

    @Override
    public StoreCredentials complete(Map<String, String> callback) throws AuthorizationFailed {
        String code = callback.get("code");
        if (code == null || code.isBlank()) {
            throw new AuthorizationFailed("eBay did not authorize ESM for this store.");
        }
        String basic = Base64.getEncoder().encodeToString((properties.clientId() + ":" + properties.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(properties.tokenUrl()))
                    .timeout(properties.requestTimeout())
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + encode(code)
                            + "&redirect_uri=" + encode(consent.ruName())))
                    .build(), OPERATION);
            if (response.statusCode() != 200) {
                String error = http.oauthError(response.body());
                throw new AuthorizationFailed("eBay refused the authorization (HTTP " + response.statusCode()
                        + (error.isEmpty() ? "" : ", " + error) + "). Start the connection again.");
            }
            JsonNode tokens = http.json(response, OPERATION);
            String refreshToken = EbayHttp.text(tokens.path("refresh_token"));
            String accessToken = EbayHttp.text(tokens.path("access_token"));
            if (refreshToken == null || refreshToken.isBlank() || accessToken == null || accessToken.isBlank()) {
                throw new AuthorizationFailed("eBay answered without a refresh token. Start the connection again.");
            }
            return new StoreCredentials.Ebay(refreshToken, userId(accessToken));
        } catch (MarketplaceException e) {
            throw new AuthorizationFailed("eBay could not be reached to finish the connection (" + e.getMessage()
                    + "). Try again.");
        }
    }

    /**
     * The configured scopes, the identity scope (so the seller who agreed can be asked for) and the Inventory API's
     * (for the listing sync).
     */
    private List<String> consentScopes() {
        Set<String> scopes = new LinkedHashSet<>(properties.scopes());
        scopes.add(EbayProperties.IDENTITY_SCOPE);
        scopes.add(EbayProperties.INVENTORY_SCOPE);
        return List.copyOf(scopes);
    }

    /**
     * Which eBay user agreed: the Commerce Identity API's getUser with the fresh user token. Its immutable
     * {@code userId} (not the username, which a seller can change) tells the same seller connected twice.
     */
    private String userId(String accessToken) throws AuthorizationFailed, MarketplaceException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(properties.identityUrl()))
                .timeout(properties.requestTimeout())
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json")
                .GET().build(), IDENTITY_OPERATION);
        if (response.statusCode() != 200) {
            throw new AuthorizationFailed("eBay did not say which seller account agreed (HTTP " + response.statusCode()
                    + http.errorIds(response.body()) + "). Start the connection again.");
        }
        String userId = EbayHttp.text(http.json(response, IDENTITY_OPERATION).path("userId"));
        if (userId == null || userId.isBlank()) {
            throw new AuthorizationFailed("eBay did not say which seller account agreed. Start the connection again.");
        }
        return userId;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
