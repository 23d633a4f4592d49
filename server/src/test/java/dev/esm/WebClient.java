package dev.esm;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cookie-keeping HTTP client for tests that act like a browser without one: it reads the CSRF token from the
 * last page's forms, posts forms, and calls the JSON API with the session or a bearer token. Redirects are not
 * followed, so tests see them.
 */
public final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final List<Response> responses = new ArrayList<>();
    private String csrf;

    public WebClient(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public List<String> all(String name) {
            return headers.allValues(name);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Posts a form with the CSRF token of the last page, unless {@code withCsrf} is false. */
    public Response post(String path, Map<String, String> fields, boolean withCsrf) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (withCsrf) {
            if (csrf == null) {
                get("/login");
            }
            all.put("_csrf", csrf);
        }
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response post(String path, Map<String, String> fields) {
        return post(path, fields, true);
    }

    /** Signs in; on success also opens the stores page, since signing in renews the CSRF token. */
    public Response signIn(String email, String password) {
        get("/login");
        Response response = post("/login", Map.of("username", email, "password", password));
        String location = response.header("Location");
        if (location != null && location.endsWith("/today")) {
            get("/stores");
        }
        return response;
    }

    /** A JSON API call with the session (and the CSRF header on changes). */
    public Response api(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "application/json");
        if (!method.equals("GET")) {
            if (csrf == null) {
                get("/stores");
            }
            if (csrf != null) {
                request.header("X-CSRF-TOKEN", csrf);
            }
        }
        return send(withBody(request, method, json));
    }

    /** A JSON API call with a bearer token and no cookies. */
    public static Response bearer(String base, String token, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "application/json").header("Authorization", "Bearer " + token);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(withBody(request, method, json).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Matcher matcher = CSRF.matcher(response.body());
            if (matcher.find()) {
                csrf = matcher.group(1);
            }
            Response result = new Response(response.statusCode(), response.headers(), response.body());
            responses.add(result);
            return result;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<HttpCookie> cookies() {
        return cookies.getCookieStore().getCookies();
    }

    public String csrf() {
        return csrf;
    }

    /** Every response this client has received, for leak checks. */
    public List<Response> responses() {
        return responses;
    }

    private static HttpRequest.Builder withBody(HttpRequest.Builder request, String method, String json) {
        if (json == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
}
