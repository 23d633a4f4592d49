package dev.esm.sandbox;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One endpoint: HTTP method, path template with {@code {name}} parameters, the operation name used by counters and
 * the rate limiter, and its kind (faults apply to data endpoints; to auth endpoints only when asked).
 */
public record Route(String method, String template, String operation, Kind kind, SandboxHandler handler) {

    public enum Kind { AUTH, DATA }

    public Route {
        method = method.toUpperCase();
    }

    private String[] segments() {
        return split(template);
    }

    /** Literal segments count more than parameters so that {@code /orders/released} beats {@code /orders/{id}}. */
    int specificity() {
        return (int) Arrays.stream(segments()).filter(s -> !isParam(s)).count();
    }

    /** The path parameters when the path matches the template (ignoring method), else null. */
    Map<String, String> match(String[] pathSegments) {
        String[] mine = segments();
        if (mine.length != pathSegments.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < mine.length; i++) {
            if (isParam(mine[i])) {
                if (pathSegments[i].isEmpty()) {
                    return null;
                }
                params.put(mine[i].substring(1, mine[i].length() - 1), pathSegments[i]);
            } else if (!mine[i].equals(pathSegments[i])) {
                return null;
            }
        }
        return params;
    }

    static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private static boolean isParam(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }
}
