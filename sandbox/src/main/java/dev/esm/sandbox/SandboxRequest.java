package dev.esm.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.ArrayList;

/** A parsed request as handlers see it. Header names are case-insensitive. */
public final class SandboxRequest {

    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Route route;
    private final Map<String, String> pathParams;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private volatile Object principal;

    public SandboxRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body,
                          Route route, Map<String, String> pathParams) {
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.query = parseQuery(rawQuery);
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> {
            if (k != null) {
                h.put(k, List.copyOf(v));
            }
        });
        this.headers = Collections.unmodifiableMap(h);
        this.body = body == null ? new byte[0] : body;
        this.route = route;
        this.pathParams = Map.copyOf(pathParams);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String rawQuery() {
        return rawQuery;
    }

    public Route route() {
        return route;
    }

    public String operation() {
        return route.operation();
    }

    /** First value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    /** First value of a query parameter (decoded), or null. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public Map<String, List<String>> queryParams() {
        return query;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Who the gate authenticated (a seller handle), or null. */
    public Object principal() {
        return principal;
    }

    public void principal(Object principal) {
        this.principal = principal;
    }

    /** Adds a header to whatever response this request ends up with (gate headers such as rate-limit counts). */
    public void responseHeader(String name, String value) {
        synchronized (responseHeaders) {
            responseHeaders.put(name, value);
        }
    }

    Map<String, String> responseHeaders() {
        synchronized (responseHeaders) {
            return new LinkedHashMap<>(responseHeaders);
        }
    }

    /** Parses {@code a=1&b=x%20y}; also used for form bodies. Later duplicates are kept after earlier ones. */
    public static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
