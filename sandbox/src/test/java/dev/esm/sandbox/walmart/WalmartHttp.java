package dev.esm.sandbox.walmart;

import dev.esm.sandbox.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** A bare-bones Walmart client over java.net.http for the tests: real HTTP on 127.0.0.1. */
final class WalmartHttp {

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final String baseUrl;

    WalmartHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(20))
                .header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString())
                .header("WM_SVC.NAME", "Walmart Marketplace")
                .header("Accept", "application/json");
    }

    HttpResponse<String> tokenResponse(String clientId, String clientSecret) {
        return send(request("/v3/token")
                .header("Authorization", basic(clientId, clientSecret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build());
    }

    String token(WalmartSeller seller) {
        HttpResponse<String> response = tokenResponse(seller.clientId(), seller.clientSecret());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token: " + response.statusCode() + " " + response.body());
        }
        return json(response).path("access_token").asString();
    }

    HttpResponse<String> get(String pathAndQuery, String token) {
        return send(request(pathAndQuery).header("WM_SEC.ACCESS_TOKEN", token).GET().build());
    }

    HttpResponse<String> post(String path, String token, String body) {
        HttpRequest.Builder b = request(path).header("WM_SEC.ACCESS_TOKEN", token);
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return send(b.build());
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

    /** Follows nextCursor from {@code GET /v3/orders?firstQuery} to the end; returns every order seen. */
    List<JsonNode> pageAll(String token, String firstQuery, List<Integer> pageSizes) {
        List<JsonNode> orders = new ArrayList<>();
        String query = firstQuery;
        for (int guard = 0; guard < 10_000; guard++) {
            HttpResponse<String> response = get("/v3/orders" + query, token);
            if (response.statusCode() == 404 && json(response).path("errors").path("error").path(0).path("code")
                    .asString("").equals("CONTENT_NOT_FOUND.GMP_ORDER_API")) {
                return orders; // Walmart's answer for a listing that holds no orders
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            JsonNode list = json(response).path("list");
            JsonNode page = list.path("elements").path("order");
            page.forEach(orders::add);
            if (pageSizes != null) {
                pageSizes.add(page.size());
            }
            JsonNode next = list.path("meta").path("nextCursor");
            if (next.isMissingNode() || next.isNull()) {
                return orders;
            }
            query = next.asString();
        }
        throw new IllegalStateException("paging did not end");
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    static String errorCode(HttpResponse<String> response) {
        return json(response).path("errors").path(0).path("code").asString();
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
