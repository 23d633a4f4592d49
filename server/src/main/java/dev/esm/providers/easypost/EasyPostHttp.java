package dev.esm.providers.easypost;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.esm.shipping.spi.ProviderKey;
import dev.esm.shipping.spi.ShippingProviderException;
import dev.esm.shipping.spi.ShippingProviderException.ProviderKeyRefused;
import dev.esm.shipping.spi.ShippingProviderException.ProviderRateLimited;
import dev.esm.shipping.spi.ShippingProviderException.ProviderRejected;
import dev.esm.shipping.spi.ShippingProviderException.ProviderUnavailable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * EasyPost REST v2 over the JDK's HTTP client ({@code docs/adr/0009-easypost-client.md}): HTTP Basic with the API key
 * as user name, JSON bodies, one attempt per call, and EasyPost's error envelope turned into the port's closed set of
 * failures with the provider's code and message. Messages never carry the key or a request body.
 */
final class EasyPostHttp {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final EasyPostProperties properties;

    EasyPostHttp(EasyPostProperties properties) {
        this.properties = properties;
    }

    JsonNode get(ProviderKey key, String path, String operation) throws ShippingProviderException {
        return call(request(key, path).GET(), operation);
    }

    JsonNode post(ProviderKey key, String path, Object body, String operation) throws ShippingProviderException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
        HttpRequest.Builder request = request(key, path).POST(publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return call(request, operation);
    }

    /** A label file from the link the API gave: no API key goes there (it is a public file link, S3 in production). */
    byte[] download(String url, String operation) throws ShippingProviderException {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(url))
                .timeout(properties.requestTimeout()).GET().build(), HttpResponse.BodyHandlers.ofByteArray(), operation);
        if (response.statusCode() != 200 || response.body().length == 0) {
            throw new ProviderUnavailable(operation + " answered HTTP " + response.statusCode(), null);
        }
        return response.body();
    }

    private HttpRequest.Builder request(ProviderKey key, String path) {
        String basic = Base64.getEncoder().encodeToString((key.value() + ":").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(properties.baseUrl() + "/v2" + path))
                .timeout(properties.requestTimeout())
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json")
                .header("User-Agent", "ESM EasyPostConnector");
    }

    private JsonNode call(HttpRequest.Builder request, String operation) throws ShippingProviderException {
        HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString(), operation);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return parse(response.body()).filter(body -> body.isObject() || body.isArray())
                    .orElseThrow(() -> new ProviderUnavailable(operation + " answered with an unreadable body (HTTP "
                            + status + ")", null));
        }
        throw failure(operation, status, response);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String operation)
            throws ProviderUnavailable {
        try {
            return http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new ProviderUnavailable(operation + " timed out", e);
        } catch (IOException e) {
            throw new ProviderUnavailable(operation + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailable(operation + " interrupted", e);
        }
    }

    /** Status decides the kind; the envelope gives the provider's code and words (contract 1.10). */
    private ShippingProviderException failure(String operation, int status, HttpResponse<String> response) {
        Optional<JsonNode> error = parse(response.body()).map(body -> body.path("error")).filter(JsonNode::isObject);
        String code = error.map(e -> e.path("code").asString(null)).orElse(null);
        String message = error.map(EasyPostHttp::message).orElse(null);
        String said = (code == null ? "HTTP " + status : code) + (message == null ? "" : ": " + message);
        if (status == 401 || status == 403) {
            return new ProviderKeyRefused("EasyPost refused the API key (" + said + ")");
        }
        if (status == 429) {
            Duration retryAfter = response.headers().firstValue("Retry-After").flatMap(EasyPostHttp::seconds)
                    .orElse(Duration.ofSeconds(1));
            return new ProviderRateLimited(operation + " was rate limited (" + said + ")", retryAfter);
        }
        if (status == 408 || status >= 500 || error.isEmpty()) {
            // logged when a buy's outcome is unknown: the code and status only, never the provider's words, which may
            // repeat what was sent (the buyer's address)
            return new ProviderUnavailable(operation + " failed (" + (code == null ? "" : code + ", ") + "HTTP "
                    + status + ")", null);
        }
        return new ProviderRejected(status, code, said);
    }

    /** {@code message} plus each entry of {@code errors}, which holds field errors or plain strings. */
    private static String message(JsonNode error) {
        List<String> parts = new ArrayList<>();
        JsonNode message = error.path("message");
        if (message.isString()) {
            parts.add(message.asString());
        } else if (!message.isMissingNode() && !message.isNull()) {
            parts.add(message.toString());
        }
        for (JsonNode e : error.path("errors")) {
            if (e.isString()) {
                parts.add(e.asString());
            } else if (e.isObject()) {
                String field = e.path("field").asString(null);
                String text = e.path("message").asString(null);
                if (text != null) {
                    parts.add(field == null ? text : field + " " + text);
                }
            }
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private Optional<JsonNode> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.readTree(body));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
