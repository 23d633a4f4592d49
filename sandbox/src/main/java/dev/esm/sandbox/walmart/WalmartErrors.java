package dev.esm.sandbox.walmart;

import dev.esm.sandbox.ErrorDialect;
import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import tools.jackson.databind.node.ObjectNode;

/** Walmart's {@code GatewayError} envelope: {@code {"errors":[{"code":..,"field":..,"description":..,...}]}}. */
final class WalmartErrors implements ErrorDialect {

    static final WalmartErrors INSTANCE = new WalmartErrors();

    @Override
    public SandboxResponse error(int status, String code, String message) {
        return response(status, code, code, message);
    }

    @Override
    public SandboxResponse throttled(SandboxRequest request) {
        return response(429, "REQUEST_THRESHOLD_VIOLATED", "REQUEST_THRESHOLD_VIOLATED",
                "Request threshold violated: too many requests, retry later").header("Retry-After", "1");
    }

    static SandboxResponse response(int status, String code, String field, String description) {
        ObjectNode error = Json.object();
        error.put("code", code);
        error.put("field", field);
        error.put("description", description);
        error.put("info", description);
        error.put("severity", "ERROR");
        error.put("category", status >= 500 ? "SYSTEM" : status == 400 ? "DATA" : "REQUEST");
        error.putArray("causes");
        error.putObject("errorIdentifiers");
        error.put("gatewayErrorCategory", status >= 500 ? "SYSTEM_ERROR" : "EXTERNAL_DATA_ERROR");
        ObjectNode body = Json.object();
        body.putArray("errors").add(error);
        return SandboxResponse.json(status, body);
    }

    /**
     * The envelope the orders API uses for an empty result, {@code {"errors":{"error":[{code, field, description,
     * info, severity, category}]}}}: an object holding the list, not the gateway's flat list.
     */
    static SandboxResponse nested(int status, String code, String field, String description, String category) {
        ObjectNode error = Json.object();
        error.put("code", code);
        error.put("field", field);
        error.put("description", description);
        error.put("info", "Requested content could not be found.");
        error.put("severity", "INFO");
        error.put("category", category);
        ObjectNode body = Json.object();
        body.putObject("errors").putArray("error").add(error);
        return SandboxResponse.json(status, body);
    }

    static SandboxException badHeader(String header, String why) {
        return new SandboxException(response(400, "INVALID_REQUEST_HEADER", header, why));
    }

    static SandboxException badParam(String param, String why) {
        return new SandboxException(response(400, "INVALID_REQUEST_PARAM", param, why));
    }

    static SandboxException badContent(String field, String why) {
        return new SandboxException(response(400, "INVALID_REQUEST_CONTENT", field, why));
    }

    static SandboxException unauthorized(String why) {
        return new SandboxException(response(401, "UNAUTHORIZED", "UNAUTHORIZED", why));
    }

    static SandboxException notFound(String field, String why) {
        return new SandboxException(response(404, "CONTENT_NOT_FOUND", field, why));
    }
}
