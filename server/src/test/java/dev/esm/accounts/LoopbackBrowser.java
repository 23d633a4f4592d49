package dev.esm.accounts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal browser whose connections come from a chosen loopback address (Linux routes all of 127.0.0.0/8 to the
 * loopback interface), so that the server sees a different client address per instance without trusting any
 * forwarding header. Plain HTTP/1.1 over a socket bound to that address, one connection per request; it keeps the
 * session cookie and the last page's CSRF token.
 */
final class LoopbackBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("ESM_SESSION=([^;]*)");

    private final int port;
    private final String address;
    private String session;
    private String csrf;

    LoopbackBrowser(int port, String address) {
        this.port = port;
        this.address = address;
    }

    /** A browser on a random loopback address other than 127.0.0.1, fresh to every throttle budget. */
    static LoopbackBrowser somewhere(int port) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new LoopbackBrowser(port, "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "."
                + random.nextInt(2, 255));
    }

    record Page(int status, String location, String body) {
    }

    String address() {
        return address;
    }

    Page get(String path) {
        return send("GET", path, null);
    }

    /** Posts a form with the CSRF token of the last page. */
    Page post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf);
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send("POST", path, body);
    }

    /** Opens the sign-in page, then signs in; returns where the server sends the browser. */
    String signIn(String email, String password) {
        get("/login");
        return post("/login", Map.of("username", email, "password", password)).location();
    }

    private Page send(String method, String path, String form) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
            socket.setSoTimeout(60_000);
            byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n")
                    .append("Connection: close\r\n");
            if (session != null) {
                request.append("Cookie: ESM_SESSION=").append(session).append("\r\n");
            }
            if (form != null) {
                request.append("Content-Type: application/x-www-form-urlencoded\r\n")
                        .append("Content-Length: ").append(body.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Page read(InputStream in) throws IOException {
        byte[] raw = in.readAllBytes();
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] head = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        String location = null;
        boolean chunked = false;
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            String name = head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = head[i].substring(colon + 1).trim();
            if (name.equals("location")) {
                location = value;
            } else if (name.equals("set-cookie")) {
                Matcher cookie = SESSION.matcher(value);
                if (cookie.lookingAt()) {
                    session = cookie.group(1).isEmpty() ? null : cookie.group(1);
                }
            } else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        byte[] payload = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        String body = new String(chunked ? dechunk(payload) : payload, StandardCharsets.UTF_8);
        Matcher token = CSRF.matcher(body);
        if (token.find()) {
            csrf = token.group(1);
        }
        return new Page(status, location, body);
    }

    private static byte[] dechunk(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < payload.length) {
            int lineEnd = at;
            while (lineEnd + 1 < payload.length && !(payload[lineEnd] == '\r' && payload[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String size = new String(payload, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int length = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            out.write(payload, lineEnd + 2, length);
            at = lineEnd + 2 + length + 2;
        }
        return out.toByteArray();
    }
}
