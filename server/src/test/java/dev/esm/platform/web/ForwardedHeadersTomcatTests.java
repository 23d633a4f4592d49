package dev.esm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

/**
 * ESM's Tomcat set-up ({@link ProxyConfiguration}, {@link HostFreeRedirects}) on a real Tomcat over HTTP, with the
 * trusted proxies and public URL a deployment would give: a servlet answers the client address, scheme and host the
 * application sees, and redirects to its own request URL as Spring Security's saved request does. The client here is
 * on loopback, so it plays the proxy when loopback is trusted and a stranger when it is not.
 */
class ForwardedHeadersTomcatTests {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void withNoTrustedProxyForwardedHeadersAreIgnored() throws Exception {
        start(new ProxySettings(null, List.of()));
        Map<String, String> seen = seen(Map.of("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https"));
        assertThat(seen).containsEntry("address", "127.0.0.1").containsEntry("secure", "false");
        assertThat(seen(Map.of("X-Forwarded-For", "198.51.100.9"))).containsEntry("address", "127.0.0.1");
        assertThat(sessionCookie(Map.of("X-Forwarded-Proto", "https"))).doesNotContain("Secure");
    }

    @Test
    void aProxyOutsideTheTrustedRangesIsIgnoredToo() throws Exception {
        start(new ProxySettings(null, List.of("10.0.0.0/8", "192.168.0.10")));
        assertThat(seen(Map.of("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https")))
                .containsEntry("address", "127.0.0.1").containsEntry("secure", "false");
    }

    @Test
    void aTrustedProxyNamesTheClientWithAnAddressOnly() throws Exception {
        start(new ProxySettings(null, List.of("127.0.0.1")));
        assertThat(seen(Map.of("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https")))
                .containsEntry("address", "203.0.113.7").containsEntry("secure", "true");
        assertThat(sessionCookie(Map.of("X-Forwarded-Proto", "https"))).contains("Secure");
        assertThat(sessionCookie(Map.of("X-Forwarded-Proto", "http"))).doesNotContain("Secure");
        // the client's own header cannot choose its address: the proxy appended the real one, which is taken
        assertThat(seen(Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.7"))).containsEntry("address", "203.0.113.7");
        // trusted proxies in the chain are skipped
        assertThat(seen(Map.of("X-Forwarded-For", "203.0.113.7, 127.0.0.1"))).containsEntry("address", "203.0.113.7");
        // text, names and ports are no address: the proxy's own address stands
        for (String forwarded : List.of("evil<script>", "unknown", "203.0.113.7:5555", "client.example",
                "203.0.113.7, not-an-ip")) {
            assertThat(seen(Map.of("X-Forwarded-For", forwarded))).as(forwarded).containsEntry("address", "127.0.0.1");
        }
        // X-Forwarded-Host is never honoured
        assertThat(seen(Map.of("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Host", "evil.example")))
                .containsEntry("host", "127.0.0.1");
    }

    @Test
    void redirectsToThisServerAreRelativeOrUnderThePublicUrl() throws Exception {
        start(new ProxySettings(null, List.of()));
        assertThat(location("/redirect-self")).isEqualTo("/redirect-self?continue");
        assertThat(location("/redirect-relative")).isEqualTo("/login");
        assertThat(location("/redirect-away")).isEqualTo("https://marketplace.example/consent?state=x");
        stop();

        start(new ProxySettings("https://esm.example.com", List.of()));
        Map<String, String> seen = seen(Map.of());
        assertThat(seen).containsEntry("host", "esm.example.com").containsEntry("secure", "true")
                .containsEntry("url", "https://esm.example.com/echo");
        assertThat(location("/redirect-self")).isEqualTo("https://esm.example.com/redirect-self?continue");
        assertThat(location("/redirect-away")).isEqualTo("https://marketplace.example/consent?state=x");
    }

    private void start(ProxySettings settings) throws Exception {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        factory.setAddress(InetAddress.getByName("127.0.0.1"));
        factory.addContextCustomizers(context -> context.setUseRelativeRedirects(true)); // as in application.yml
        new ProxyConfiguration().proxies(settings).customize(factory);
        server = factory.getWebServer(context -> {
            context.addFilter("redirects", new HostFreeRedirects(settings)).addMappingForUrlPatterns(null, false, "/*");
            context.addServlet("probe", new Probe()).addMapping("/*");
        });
        server.start();
    }

    private Map<String, String> seen(Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/echo"));
        headers.forEach(request::header);
        String body = http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        String[] parts = body.split("\n");
        return Map.of("address", parts[0], "secure", parts[1], "host", parts[2], "url", parts[3]);
    }

    /** The cookie of a session the servlet starts (a cookie is Secure when the request counts as TLS). */
    private String sessionCookie(Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/session"));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).headers().firstValue("Set-Cookie")
                .orElseThrow();
    }

    private String location(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getPort();
    }

    private static final class Probe extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            switch (request.getRequestURI()) {
                case "/redirect-self" -> response.sendRedirect(request.getRequestURL() + "?continue");
                case "/redirect-relative" -> response.sendRedirect("/login");
                case "/redirect-away" -> response.sendRedirect("https://marketplace.example/consent?state=x");
                case "/session" -> request.getSession(true);
                default -> {
                    response.setContentType("text/plain");
                    response.getWriter().write(request.getRemoteAddr() + "\n" + request.isSecure() + "\n"
                            + request.getServerName() + "\n" + request.getRequestURL());
                }
            }
        }
    }
}
