package dev.esm.sandbox.ebay;

import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /identity/v1/oauth2/token}: Basic auth with the app's keys, a form body, and one of the grants
 * {@code authorization_code}, {@code refresh_token} or {@code client_credentials}. Errors use OAuth's shape:
 * 401 {@code invalid_client}, 400 {@code invalid_grant}, {@code invalid_scope}, {@code invalid_request},
 * {@code unsupported_grant_type}.
 */
final class EbayTokenApi {

    private final EbaySimulator simulator;
    private final EbayOAuth oauth;

    EbayTokenApi(EbaySimulator simulator, EbayOAuth oauth) {
        this.simulator = simulator;
        this.oauth = oauth;
    }

    SandboxResponse token(SandboxRequest request) {
        EbayApp app = basicAuth(request.header("Authorization"));
        Map<String, List<String>> form = SandboxRequest.parseQuery(request.bodyText());
        String grantType = first(form, "grant_type");
        if (grantType == null || grantType.isBlank()) {
            throw EbayErrors.oauth(400, "invalid_request", "request is missing a required parameter: grant_type");
        }
        simulator.chargeQuota(app.clientId(), EbaySimulator.OP_TOKEN + ":" + grantType);
        EbayOAuth.Issued issued = switch (grantType) {
            case "authorization_code" -> exchange(app, form);
            case "refresh_token" -> refresh(app, form);
            case "client_credentials" -> oauth.application(app, scopes(first(form, "scope"), true));
            default -> throw EbayErrors.oauth(400, "unsupported_grant_type",
                    "grant type in request is not supported by the authorization server");
        };
        ObjectNode body = Json.object();
        body.put("access_token", issued.accessToken());
        body.put("expires_in", issued.expiresIn());
        if (issued.refreshToken() != null) {
            body.put("refresh_token", issued.refreshToken());
            body.put("refresh_token_expires_in", issued.refreshExpiresIn());
        }
        body.put("token_type", grantType.equals("client_credentials") ? "Application Access Token"
                : "User Access Token");
        return SandboxResponse.json(200, body);
    }

    private EbayOAuth.Issued exchange(EbayApp app, Map<String, List<String>> form) {
        String code = first(form, "code");
        String ruName = first(form, "redirect_uri");
        if (code == null || ruName == null) {
            throw EbayErrors.oauth(400, "invalid_request", "request is missing a required parameter: "
                    + (code == null ? "code" : "redirect_uri"));
        }
        EbayOAuth.Issued issued = oauth.exchange(app, code, ruName);
        if (issued == null) {
            throw EbayErrors.oauth(400, "invalid_grant",
                    "the provided authorization grant code is invalid or was issued to another client");
        }
        return issued;
    }

    private EbayOAuth.Issued refresh(EbayApp app, Map<String, List<String>> form) {
        String refreshToken = first(form, "refresh_token");
        if (refreshToken == null || refreshToken.isBlank()) {
            throw EbayErrors.oauth(400, "invalid_request", "request is missing a required parameter: refresh_token");
        }
        EbayOAuth.Issued issued;
        try {
            issued = oauth.refresh(app, refreshToken, scopes(first(form, "scope"), false));
        } catch (IllegalArgumentException e) {
            throw invalidScope();
        }
        if (issued == null) {
            throw EbayErrors.oauth(400, "invalid_grant",
                    "the provided authorization refresh token is invalid or was issued to another client");
        }
        return issued;
    }

    /** Space-separated scopes; all must be known. An empty list means "as granted" (or the base scope for apps). */
    private static Set<String> scopes(String raw, boolean application) {
        Set<String> scopes = new LinkedHashSet<>();
        if (raw != null && !raw.isBlank()) {
            scopes.addAll(Arrays.asList(raw.trim().split("\\s+")));
        }
        if (!EbaySimulator.KNOWN_SCOPES.containsAll(scopes)) {
            throw invalidScope();
        }
        if (application) {
            if (scopes.isEmpty()) {
                scopes.add(EbaySimulator.SCOPE_API);
            }
            if (!scopes.equals(Set.of(EbaySimulator.SCOPE_API))) {
                throw invalidScope(); // user scopes need a user token
            }
        }
        return scopes;
    }

    private static SandboxException invalidScope() {
        return EbayErrors.oauth(400, "invalid_scope", "The requested scope is invalid, unknown, malformed, or "
                + "exceeds the scope granted to the client");
    }

    private EbayApp basicAuth(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw invalidClient();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidClient();
        }
        int colon = decoded.indexOf(':');
        EbayApp app = colon < 0 ? null : simulator.app(decoded.substring(0, colon)).orElse(null);
        if (app == null || !app.clientSecret().equals(decoded.substring(colon + 1))) {
            throw invalidClient();
        }
        return app;
    }

    private static SandboxException invalidClient() {
        return EbayErrors.oauth(401, "invalid_client", "client authentication failed");
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
