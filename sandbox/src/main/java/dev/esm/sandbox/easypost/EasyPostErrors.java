package dev.esm.sandbox.easypost;

import dev.esm.sandbox.ErrorDialect;
import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * EasyPost's error envelope {@code {"error":{"code":..,"message":..,"errors":[..]}}}, where {@code errors} holds
 * FieldError objects ({@code field, message, suggestion}) or plain strings (contract 1.10).
 */
final class EasyPostErrors implements ErrorDialect {

    static final EasyPostErrors INSTANCE = new EasyPostErrors();

    /** Code of the 429 body: not pinned down by the contract (UNCONFIRMED); the status is what clients act on. */
    static final String RATE_LIMITED = "RATE_LIMITED";

    @Override
    public SandboxResponse error(int status, String code, String message) {
        String epCode = switch (code) {
            case "URI_NOT_FOUND" -> "NOT_FOUND";
            case "METHOD_NOT_ALLOWED" -> "METHOD.NOT_ALLOWED";
            default -> code;
        };
        return response(status, epCode, message, Json.array());
    }

    @Override
    public SandboxResponse throttled(SandboxRequest request) {
        return response(429, RATE_LIMITED, "You have exceeded the rate limit. Please retry later.", Json.array())
                .header("Retry-After", "1");
    }

    static SandboxResponse response(int status, String code, String message, ArrayNode errors) {
        ObjectNode error = Json.object();
        error.put("code", code);
        error.put("message", message);
        error.set("errors", errors);
        ObjectNode body = Json.object();
        body.set("error", error);
        return SandboxResponse.json(status, body);
    }

    static ObjectNode fieldError(String field, String message) {
        ObjectNode e = Json.object();
        e.put("field", field);
        e.put("message", message);
        e.putNull("suggestion");
        return e;
    }

    static SandboxException fail(int status, String code, String message) {
        return new SandboxException(response(status, code, message, Json.array()));
    }

    static SandboxException required(String field) {
        ArrayNode errors = Json.array();
        errors.add(fieldError(field, "cannot be blank"));
        return new SandboxException(response(422, "PARAMETER.REQUIRED", "Missing required parameter.", errors));
    }

    static SandboxException invalid(String field, String why) {
        ArrayNode errors = Json.array();
        errors.add(fieldError(field, why));
        return new SandboxException(response(422, "PARAMETER.INVALID", "Invalid parameter.", errors));
    }

    /** 404 with a plain-string {@code errors} entry (the form EasyPost uses on some 404s). */
    static SandboxException notFound(String what) {
        ArrayNode errors = Json.array();
        errors.add(what + " not found");
        return new SandboxException(response(404, "NOT_FOUND", "The requested resource could not be found.", errors));
    }

    static SandboxException badJson(String why) {
        return new SandboxException(response(400, "BAD_REQUEST", "The request body could not be parsed: " + why,
                Json.array()));
    }
}
