package dev.esm.marketplace.amazon;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.http.ConnectorHttp;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;

/**
 * The HTTP plumbing both Amazon hosts share: one attempt per call, transport failures and unreadable bodies as
 * {@link MarketplaceUnavailable}, and the wait a 429 asks for. Messages name the operation and status only.
 */
final class AmazonHttp {

    /** searchOrders' usage plan (0.0056 requests/s): the wait when a 429 says nothing. */
    static final double DEFAULT_RATE = 0.0056;

    private final ConnectorHttp http = new ConnectorHttp();
    private final JsonMapper json = JsonMapper.builder().build();

    HttpResponse<String> send(HttpRequest request, String operation) throws MarketplaceUnavailable {
        return http.send(request, operation);
    }

    JsonNode read(HttpResponse<String> response, String operation) throws MarketplaceUnavailable {
        return http.readObject(response, operation);
    }

    /**
     * The wait a 429 asks for: {@code Retry-After} (seconds) when present, else one request's worth of the rate in
     * {@code x-amzn-RateLimit-Limit} (requests per second), else that of searchOrders' usage plan.
     */
    static Duration retryAfter(HttpResponse<?> response) {
        return retryAfter(response, DEFAULT_RATE);
    }

    /** As {@link #retryAfter(HttpResponse)}, with the operation's own usage plan when the 429 names no rate. */
    static Duration retryAfter(HttpResponse<?> response, double planRate) {
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.get().strip())));
            } catch (NumberFormatException ignored) {
                // an HTTP date: use the rate instead
            }
        }
        double rate = response.headers().firstValue("x-amzn-RateLimit-Limit").map(AmazonHttp::rate)
                .orElse(planRate);
        return Duration.ofMillis((long) Math.ceil(1000.0 / (rate > 0 ? rate : planRate)));
    }

    /** The rate Amazon says it applies ({@code x-amzn-RateLimit-Limit}, requests per second), when it says one. */
    static OptionalDouble statedRate(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("x-amzn-RateLimit-Limit");
        if (header.isPresent()) {
            try {
                double rate = Double.parseDouble(header.get().strip());
                if (rate > 0 && Double.isFinite(rate)) {
                    return OptionalDouble.of(rate);
                }
            } catch (NumberFormatException ignored) {
                // not a rate: ignored
            }
        }
        return OptionalDouble.empty();
    }

    private static double rate(String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            return DEFAULT_RATE;
        }
    }

    /** The codes of an SP-API {@code ErrorList} or an LWA error, for a message that carries no data: " (InvalidInput)". */
    String errorCodes(String body) {
        try {
            JsonNode root = json.readTree(body);
            Set<String> codes = new TreeSet<>();
            for (JsonNode error : root.path("errors")) {
                addCode(codes, error.path("code"));
            }
            addCode(codes, root.path("error"));
            return codes.isEmpty() ? "" : " (" + String.join(", ", codes) + ")";
        } catch (JacksonException | IllegalArgumentException e) {
            return "";
        }
    }

    private static void addCode(Set<String> codes, JsonNode node) {
        String code = node.isString() ? node.asString() : null;
        if (code != null && code.matches("[A-Za-z0-9_.]{1,60}")) {
            codes.add(code);
        }
    }
}
