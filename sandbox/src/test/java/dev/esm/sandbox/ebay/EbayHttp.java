package dev.esm.sandbox.ebay;

import dev.esm.sandbox.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A bare-bones eBay client over java.net.http for the tests: real HTTP on 127.0.0.1. */
final class EbayHttp {

    static final String ORDERS = "/sell/fulfillment/v1/order";

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final String baseUrl;

    EbayHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> token(String clientId, String clientSecret, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/identity/v1/oauth2/token"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (clientId != null) {
            b.header("Authorization", basic(clientId, clientSecret));
        }
        return send(b.build());
    }

    HttpResponse<String> refresh(EbayApp app, String refreshToken, String scope) {
        return token(app.clientId(), app.clientSecret(), "grant_type=refresh_token&refresh_token="
                + encode(refreshToken) + (scope == null ? "" : "&scope=" + encode(scope)));
    }

    /** A user access token for the seller behind {@code refreshToken}. */
    String accessToken(EbayApp app, String refreshToken) {
        HttpResponse<String> response = refresh(app, refreshToken, EbaySimulator.SCOPE_FULFILLMENT);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token: " + response.statusCode() + " " + response.body());
        }
        return json(response).path("access_token").asString();
    }

    HttpResponse<String> get(String pathAndQuery, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery
                : baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(20)).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code ?filter=<encoded>&...}: the query string for a filter. */
    static String filter(String filter) {
        return "filter=" + encode(filter);
    }

    /** Follows {@code next} from {@code GET /sell/fulfillment/v1/order?firstQuery} to the end; every order seen. */
    List<JsonNode> pageAll(String token, String firstQuery, List<Integer> pageSizes) {
        List<JsonNode> orders = new ArrayList<>();
        String url = ORDERS + "?" + firstQuery;
        for (int guard = 0; guard < 10_000; guard++) {
            HttpResponse<String> response = get(url, token);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            JsonNode page = json(response);
            page.path("orders").forEach(orders::add);
            if (pageSizes != null) {
                pageSizes.add(page.path("orders").size());
            }
            if (!page.has("next")) {
                return orders;
            }
            url = page.path("next").asString();
        }
        throw new IllegalStateException("paging did not end");
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    static int errorId(HttpResponse<String> response) {
        return json(response).path("errors").path(0).path("errorId").asInt();
    }

    static String oauthError(HttpResponse<String> response) {
        return json(response).path("error").asString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
