package dev.esm.sandbox.amazon;

import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Login with Amazon's token endpoint, {@code POST /auth/o2/token}: the refresh_token, authorization_code and
 * client_credentials grants, from a form body (as the docs say) or a JSON body (as Amazon's Java AA library sends).
 * Errors are LWA's {@code {"error":..,"error_description":..}}: 400 invalid_request / invalid_grant /
 * unsupported_grant_type / invalid_scope, 401 invalid_client.
 */
final class AmazonLwa {

    private static final Set<String> GRANTLESS_SCOPES = Set.of("sellingpartnerapi::notifications",
            "sellingpartnerapi::migration", "sellingpartnerapi::client_credential:rotation");

    private final AmazonSimulator simulator;
    private final AmazonTokens tokens;

    AmazonLwa(AmazonSimulator simulator, AmazonTokens tokens) {
        this.simulator = simulator;
        this.tokens = tokens;
    }

    SandboxResponse token(SandboxRequest request) {
        Map<String, String> params = params(request);
        String grantType = params.get("grant_type");
        if (blank(grantType)) {
            throw missing("grant_type");
        }
        AmazonApp app = simulator.app();
        if (!app.clientId().equals(params.get("client_id")) || !app.clientSecret().equals(params.get("client_secret"))) {
            throw error(401, "invalid_client", "Client authentication failed");
        }
        return switch (grantType) {
            case "refresh_token" -> refresh(params);
            case "authorization_code" -> authorizationCode(params);
            case "client_credentials" -> clientCredentials(params);
            default -> throw error(400, "unsupported_grant_type",
                    "The authorization grant type is not supported by the authorization server");
        };
    }

    private SandboxResponse refresh(Map<String, String> params) {
        String refreshToken = params.get("refresh_token");
        if (blank(refreshToken)) {
            throw missing("refresh_token");
        }
        AmazonSeller seller = tokens.redeemRefreshToken(refreshToken);
        if (seller == null) {
            throw invalidGrant("refresh_token");
        }
        return granted(tokens.issueAccessToken(seller, null), refreshToken.trim());
    }

    private SandboxResponse authorizationCode(Map<String, String> params) {
        String code = params.get("code");
        if (blank(code)) {
            throw missing("code");
        }
        String redirectUri = params.get("redirect_uri");
        if (blank(redirectUri)) {
            throw missing("redirect_uri");
        }
        AmazonTokens.Code grant = tokens.redeemCode(code);
        if (grant == null) {
            throw invalidGrant("code");
        }
        if (!grant.redirectUri().equals(redirectUri.trim())) {
            throw invalidGrant("redirect_uri");
        }
        return granted(tokens.issueAccessToken(grant.seller(), null), tokens.issueRefreshToken(grant.seller()));
    }

    private SandboxResponse clientCredentials(Map<String, String> params) {
        String scope = params.get("scope");
        if (blank(scope)) {
            throw missing("scope");
        }
        if (!GRANTLESS_SCOPES.contains(scope.trim())) {
            throw error(400, "invalid_scope", "An unknown scope was requested");
        }
        return granted(tokens.issueAccessToken(null, scope.trim()), null);
    }

    private SandboxResponse granted(String accessToken, String refreshToken) {
        ObjectNode body = Json.object();
        body.put("access_token", accessToken);
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        body.put("token_type", "bearer");
        body.put("expires_in", tokens.lifetime().toSeconds());
        return noStore(SandboxResponse.json(200, body));
    }

    /** Form fields, or the fields of a JSON object body. */
    private static Map<String, String> params(SandboxRequest request) {
        String contentType = request.header("Content-Type");
        String body = request.bodyText().strip();
        Map<String, String> out = new HashMap<>();
        if ((contentType != null && contentType.contains("json")) || body.startsWith("{")) {
            try {
                JsonNode json = Json.parse(request.body());
                json.properties().forEach(e -> out.put(e.getKey(), Json.text(e.getValue())));
            } catch (JacksonException e) {
                throw error(400, "invalid_request", "The request body is not valid JSON");
            }
            return out;
        }
        for (Map.Entry<String, List<String>> e : SandboxRequest.parseQuery(body).entrySet()) {
            out.put(e.getKey(), e.getValue().get(0));
        }
        return out;
    }

    private static SandboxException missing(String parameter) {
        return error(400, "invalid_request", "The request is missing a required parameter : " + parameter);
    }

    private static SandboxException invalidGrant(String parameter) {
        return error(400, "invalid_grant", "The request has an invalid grant parameter : " + parameter);
    }

    static SandboxException error(int status, String error, String description) {
        ObjectNode body = Json.object();
        body.put("error_description", description);
        body.put("error", error);
        return new SandboxException(noStore(SandboxResponse.json(status, body)));
    }

    private static SandboxResponse noStore(SandboxResponse response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
