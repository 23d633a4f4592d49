package dev.esm.marketplace.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;

/**
 * The HTTP plumbing every connector shares: one attempt per call, transport failures and bodies that do not parse as
 * {@link MarketplaceUnavailable}. Messages name the operation and the status, never a body.
 */
public final class ConnectorHttp {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * A marketplace's own error text for a message: control characters and runs of spaces made single spaces, cut
     * to {@code max} characters. Only for texts that describe ESM's request (error codes and messages), never bodies
     * that may hold buyer data.
     */
    public static String quote(String text, int max) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
    }

    public HttpResponse<String> send(HttpRequest request, String operation) throws MarketplaceUnavailable {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new MarketplaceUnavailable(operation + " timed out", e);
        } catch (IOException e) {
            throw new MarketplaceUnavailable(operation + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarketplaceUnavailable(operation + " interrupted", e);
        }
    }

    /** The body as a JSON object; anything else is {@link MarketplaceUnavailable} ("unreadable"). */
    public JsonNode readObject(HttpResponse<String> response, String operation) throws MarketplaceUnavailable {
        try {
            JsonNode body = json.readTree(response.body());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (JacksonException e) {
            // reported below, without the body
        }
        throw new MarketplaceUnavailable(operation + " answered with an unreadable body (HTTP "
                + response.statusCode() + ")", null);
    }
}
