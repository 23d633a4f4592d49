package dev.esm.marketplace.walmart;

import java.net.http.HttpResponse;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.marketplace.MarketplaceException.MarketplaceRejected;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.marketplace.MarketplaceException.RateLimited;

/** A Walmart answer's body, or its failure as one of the closed set (shared by the orders and items connectors). */
final class WalmartBodies {

    private WalmartBodies() {
    }

    static JsonNode read(JsonMapper json, HttpResponse<String> response, String operation) throws MarketplaceException {
        int status = response.statusCode();
        if (status == 429) {
            throw new RateLimited(operation + " was throttled (HTTP 429)", WalmartRateHeaders.retryAfter(response));
        }
        if (status == 401) {
            throw new CredentialsExpired(operation + " refused the access token (HTTP 401); reconnect the store");
        }
        if (status >= 500) {
            throw new MarketplaceUnavailable(operation + " failed with HTTP " + status, null);
        }
        if (status == 404) {
            if (WalmartOrders.errorCodeSet(json, response.body()).contains(WalmartOrderSource.EMPTY_WINDOW)) {
                return json.createObjectNode(); // an empty window, not a failure
            }
            if (!readable(json, response.body())) {
                // cut short: it cannot be told from an empty window, so it is not taken for one; try again later
                throw new MarketplaceUnavailable(operation + " answered HTTP 404 with an unreadable body", null);
            }
        }
        if (status >= 400) {
            throw new MarketplaceRejected(operation + " was rejected with HTTP " + status
                    + WalmartOrders.errorCodes(json, response.body()));
        }
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw new MarketplaceUnavailable(operation + " answered with an unreadable body (HTTP " + status + ")", null);
        }
    }

    private static boolean readable(JsonMapper json, String body) {
        try {
            return body == null || body.isBlank() || json.readTree(body) != null;
        } catch (JacksonException e) {
            return false;
        }
    }
}
