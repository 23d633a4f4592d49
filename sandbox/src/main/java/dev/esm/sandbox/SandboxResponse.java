package dev.esm.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response to write: status, headers and a body (possibly empty). Headers can be added until it is sent. */
public final class SandboxResponse {

    public static final String JSON = "application/json";

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public SandboxResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body == null ? new byte[0] : body;
    }

    public static SandboxResponse json(int status, Object value) {
        return new SandboxResponse(status, JSON, Json.bytes(value));
    }

    public static SandboxResponse text(int status, String contentType, String text) {
        return new SandboxResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public static SandboxResponse empty(int status) {
        return new SandboxResponse(status, null, new byte[0]);
    }

    public SandboxResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public byte[] body() {
        return body;
    }

    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** Same status and headers, body cut in half so that it no longer parses (the "malformed body" fault). */
    public SandboxResponse truncated() {
        byte[] cut = body.length < 4
                ? "{\"".getBytes(StandardCharsets.UTF_8)
                : Arrays.copyOf(body, body.length / 2);
        SandboxResponse copy = new SandboxResponse(status, contentType == null ? JSON : contentType, cut);
        copy.headers.putAll(headers);
        return copy;
    }
}
