package dev.esm.sandbox.ebay;

import dev.esm.sandbox.ErrorDialect;
import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * eBay's two error shapes: the REST envelope {@code {"errors":[{"errorId":..,"domain":..,"category":..,"message":..}]}}
 * of the Sell APIs, and the OAuth one {@code {"error":"invalid_grant","error_description":".."}} of the token endpoint.
 * Error ids of the getOrders call come from the Fulfillment spec; the gateway ones (1001 invalid token, 1100 access
 * denied, 2001 too many requests, 2002 not found, 2003 internal error) are observed values, UNCONFIRMED.
 */
final class EbayErrors implements ErrorDialect {

    static final String DOMAIN_FULFILLMENT = "API_FULFILLMENT";

    private final EbaySimulator simulator;

    EbayErrors(EbaySimulator simulator) {
        this.simulator = simulator;
    }

    /** The generic layer's errors (unknown path, wrong method, injected 500, crashed handler). */
    @Override
    public SandboxResponse error(int status, String code, String message) {
        return switch (status) {
            case 404 -> response(404, 2002, "ACCESS", "REQUEST", "Resource not found", message);
            case 405 -> response(405, 2002, "ACCESS", "REQUEST", "Method not allowed", message);
            case 429 -> tooManyRequests();
            default -> status >= 500
                    ? response(status, 2003, "ACCESS", "APPLICATION", "Internal error", message)
                    : response(status, 2004, "ACCESS", "REQUEST", "Request rejected", message);
        };
    }

    @Override
    public SandboxResponse throttled(SandboxRequest request) {
        return tooManyRequests();
    }

    /** The 429 body observed from eBay; a Retry-After header only when the simulator is told to send one. */
    SandboxResponse tooManyRequests() {
        SandboxResponse r = response(429, 2001, "ACCESS", "REQUEST", "Too many requests.",
                "The request limit has been reached for the resource.");
        Long retryAfter = simulator.retryAfterSeconds();
        return retryAfter == null ? r : r.header("Retry-After", String.valueOf(retryAfter));
    }

    static SandboxResponse response(int status, int errorId, String domain, String category, String message,
                                    String longMessage) {
        return envelope(status, error(errorId, domain, category, message, longMessage));
    }

    private static ObjectNode error(int errorId, String domain, String category, String message, String longMessage) {
        ObjectNode error = Json.object();
        error.put("errorId", errorId);
        error.put("domain", domain);
        if (DOMAIN_FULFILLMENT.equals(domain)) {
            error.put("subdomain", "Selling");
        }
        error.put("category", category);
        error.put("message", message);
        if (longMessage != null) {
            error.put("longMessage", longMessage.length() > 200 ? longMessage.substring(0, 200) : longMessage);
        }
        return error;
    }

    private static SandboxResponse envelope(int status, ObjectNode error) {
        ObjectNode body = Json.object();
        body.putArray("errors").add(error);
        return SandboxResponse.json(status, body);
    }

    /** A 400 of getOrders with the Fulfillment API's error id, naming the offending parameter. */
    static SandboxException badRequest(int errorId, String message, String parameter, String value) {
        ObjectNode error = error(errorId, DOMAIN_FULFILLMENT, "REQUEST", message, message);
        if (parameter != null) {
            ObjectNode p = error.putArray("parameters").addObject();
            p.put("name", parameter);
            p.put("value", value == null ? "" : value);
        }
        return new SandboxException(envelope(400, error));
    }

    /** A 400 of createShippingFulfillment: the spec's error id and message, the reason in longMessage. */
    static SandboxException badFulfillment(int errorId, String message, String longMessage, String parameter,
                                           String value) {
        ObjectNode error = error(errorId, DOMAIN_FULFILLMENT, "REQUEST", message, longMessage);
        if (parameter != null) {
            ObjectNode p = error.putArray("parameters").addObject();
            p.put("name", parameter);
            p.put("value", value == null ? "" : value);
        }
        return new SandboxException(envelope(400, error));
    }

    static SandboxException invalidToken() {
        return new SandboxException(response(401, 1001, "OAuth", "REQUEST", "Invalid access token",
                "Invalid access token. Check the value of the Authorization HTTP request header."));
    }

    static SandboxException missingToken() {
        return new SandboxException(response(401, 1002, "OAuth", "REQUEST", "Missing access token",
                "Access token is missing in the Authorization HTTP request header."));
    }

    static SandboxException accessDenied() {
        return new SandboxException(response(403, 1100, "ACCESS", "REQUEST", "Access denied",
                "Insufficient permissions to fulfill the request."));
    }

    static SandboxException notFound(String what) {
        return new SandboxException(response(404, 32100, DOMAIN_FULFILLMENT, "REQUEST", "Invalid order ID: " + what,
                null));
    }

    /** The token endpoint's OAuth error. */
    static SandboxException oauth(int status, String error, String description) {
        ObjectNode body = Json.object();
        body.put("error", error);
        body.put("error_description", description);
        return new SandboxException(SandboxResponse.json(status, body));
    }
}
