package dev.esm.sandbox.amazon;

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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A bare-bones SP-API and LWA client over java.net.http for the tests: real HTTP on 127.0.0.1. */
final class AmazonHttp {

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    final AmazonSimulator amazon;

    AmazonHttp(AmazonSimulator amazon) {
        this.amazon = amazon;
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(amazon.baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(20));
    }

    /** A form post to the LWA token endpoint. */
    HttpResponse<String> tokenForm(Map<String, String> fields) {
        return send(request(AmazonSimulator.TOKEN_PATH)
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build());
    }

    HttpResponse<String> refreshGrant(String refreshToken) {
        AmazonApp app = amazon.app();
        return tokenForm(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", app.clientId(), "client_secret", app.clientSecret()));
    }

    String accessToken(AmazonSeller seller) {
        HttpResponse<String> response = refreshGrant(seller.refreshToken());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token: " + response.statusCode() + " " + response.body());
        }
        return json(response).path("access_token").asString();
    }

    HttpResponse<String> get(String pathAndQuery, String accessToken) {
        HttpRequest.Builder b = request(pathAndQuery);
        if (accessToken != null) {
            b.header("x-amz-access-token", accessToken);
        }
        return send(b.GET().build());
    }

    HttpResponse<String> search(String query, String accessToken) {
        return get(AmazonSimulator.ORDERS_PATH + "?" + query, accessToken);
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

    /** Follows pagination.nextToken from {@code firstQuery} to the end, repeating the query; returns every order. */
    List<JsonNode> pageAll(String accessToken, String firstQuery, List<Integer> pageSizes) {
        List<JsonNode> orders = new ArrayList<>();
        String query = firstQuery;
        for (int guard = 0; guard < 10_000; guard++) {
            HttpResponse<String> response = search(query, accessToken);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            JsonNode body = json(response);
            body.path("orders").forEach(orders::add);
            if (pageSizes != null) {
                pageSizes.add(body.path("orders").size());
            }
            JsonNode next = body.path("pagination").path("nextToken");
            if (next.isMissingNode()) {
                return orders;
            }
            query = firstQuery + "&paginationToken=" + encode(next.asString());
        }
        throw new IllegalStateException("paging did not end");
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    static String errorCode(HttpResponse<String> response) {
        return json(response).path("errors").path(0).path("code").asString();
    }

    static String lwaError(HttpResponse<String> response) {
        return json(response).path("error").asString();
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
