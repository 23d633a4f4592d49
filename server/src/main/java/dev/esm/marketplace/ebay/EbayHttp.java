package dev.esm.marketplace.ebay;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.http.ConnectorHttp;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.marketplace.MarketplaceException.MarketplaceRejected;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.marketplace.MarketplaceException.RateLimited;

/**
 * One HTTP exchange with eBay and what its answer means, without ever quoting a body: timeouts and I/O failures become
 * {@link MarketplaceUnavailable}, bodies that do not parse too ("unreadable"), error bodies are reduced to their
 * error ids or OAuth error codes.
 */
final class EbayHttp {

    private final ConnectorHttp http = new ConnectorHttp();
    private final JsonMapper json = JsonMapper.builder().build();

    HttpResponse<String> send(HttpRequest request, String operation) throws MarketplaceUnavailable {
        return http.send(request, operation);
    }

    /** The body as JSON; a body that does not parse is {@link MarketplaceUnavailable} ("unreadable"). */
    JsonNode json(HttpResponse<String> response, String operation) throws MarketplaceUnavailable {
        return http.readObject(response, operation);
    }

    /**
     * The body of a data call's 200, or its failure as the closed set: 401 (a fresh token refused) CredentialsExpired,
     * 429 RateLimited (Retry-After, else {@code rateLimitWait}), 5xx MarketplaceUnavailable, anything else
     * MarketplaceRejected with eBay's errorIds.
     */
    JsonNode ok(HttpResponse<String> response, String operation, Duration rateLimitWait)
            throws MarketplaceException {
        int status = response.statusCode();
        if (status == 401) {
            throw new CredentialsExpired(operation
                    + " refused a fresh access token (HTTP 401); reconnect the store");
        }
        if (status == 429) {
            throw new RateLimited(operation + " was throttled (HTTP 429)",
                    retryAfter(response, rateLimitWait));
        }
        if (status >= 500) {
            throw new MarketplaceUnavailable(operation + " failed with HTTP " + status, null);
        }
        if (status != 200) {
            throw new MarketplaceRejected(operation + " was rejected with HTTP "
                    + status + errorIds(response.body()));
        }
        return json(response, operation);
    }

    /** The errorIds of an eBay error body, for a message that carries no data: {@code " (errorId 31100)"}. */
    String errorIds(String body) {
        try {
            Set<String> ids = new TreeSet<>();
            for (JsonNode error : json.readTree(body).path("errors")) {
                if (error.path("errorId").isIntegralNumber()) {
                    ids.add(String.valueOf(error.path("errorId").asLong()));
                }
            }
            return ids.isEmpty() ? "" : " (errorId " + String.join(", ", ids) + ")";
        } catch (JacksonException | IllegalArgumentException e) {
            return "";
        }
    }

    /** The OAuth {@code error} code of a token-endpoint error body (e.g. invalid_grant), or "". */
    String oauthError(String body) {
        try {
            String error = text(json.readTree(body).path("error"));
            return error != null && error.matches("[a-z_]{1,40}") ? error : "";
        } catch (JacksonException | IllegalArgumentException e) {
            return "";
        }
    }

    /** Retry-After in seconds or as an HTTP date when present, else {@code fallback} (eBay documents no header). */
    static Duration retryAfter(HttpResponse<?> response, Duration fallback) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
        if (header.isEmpty()) {
            return fallback;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.get())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return fallback;
            }
        }
    }

    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || node.isContainer() ? null : node.asString();
    }
}
