package dev.esm.sandbox.amazon;

import dev.esm.sandbox.ErrorDialect;
import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * SP-API's {@code ErrorList}: {@code {"errors":[{"code":..,"message":..,"details":..}]}}. The generic layer's codes
 * (unknown path, injected 500) are translated to Amazon's ({@code NotFound}, {@code InternalFailure}).
 */
final class AmazonErrors implements ErrorDialect {

    static final AmazonErrors INSTANCE = new AmazonErrors();
    static final String DENIED = "Access to requested resource is denied.";

    @Override
    public SandboxResponse error(int status, String code, String message) {
        String amazonCode = switch (code) {
            case "URI_NOT_FOUND" -> "NotFound";
            case "METHOD_NOT_ALLOWED" -> "MethodNotAllowed";
            case "INTERNAL_SERVER_ERROR" -> "InternalFailure";
            default -> code;
        };
        return response(status, amazonCode, message, "");
    }

    /** No Retry-After: SP-API documents none. The gate adds {@code x-amzn-RateLimit-Limit}. */
    @Override
    public SandboxResponse throttled(SandboxRequest request) {
        return response(429, "QuotaExceeded", "You exceeded your quota for the requested resource.", "");
    }

    static SandboxResponse response(int status, String code, String message, String details) {
        ObjectNode error = Json.object();
        error.put("code", code);
        error.put("message", message);
        error.put("details", details == null ? "" : details);
        ObjectNode body = Json.object();
        body.putArray("errors").add(error);
        return SandboxResponse.json(status, body);
    }

    static SandboxException invalidInput(String details) {
        return new SandboxException(response(400, "InvalidInput", "Invalid Input", details));
    }

    static SandboxException unauthorized(String details) {
        return new SandboxException(response(403, "Unauthorized", DENIED, details));
    }

    static SandboxException notFound(String details) {
        return new SandboxException(response(404, "NotFound", "Resource not found", details));
    }
}
