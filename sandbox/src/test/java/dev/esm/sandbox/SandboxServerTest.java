package dev.esm.sandbox;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxServerTest {

    @Test
    void routesByMethodAndTemplateLiteralsFirst() throws Exception {
        SandboxCounters counters = new SandboxCounters();
        try (SandboxServer server = new SandboxServer("t", ErrorDialect.PLAIN, SandboxGate.OPEN, new FaultKnobs(),
                counters)
                .route("GET", "/items/{id}", "getItem", Route.Kind.DATA,
                        r -> SandboxResponse.text(200, "text/plain", "item " + r.pathParam("id")))
                .route("GET", "/items/special", "special", Route.Kind.DATA,
                        r -> SandboxResponse.text(200, "text/plain", "special " + r.query("q")))
                .start(0)) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, server.baseUrl() + "/items/a%20b").body()).isEqualTo("item a b");
            assertThat(get(http, server.baseUrl() + "/items/special?q=x+y").body()).isEqualTo("special x y");
            assertThat(get(http, server.baseUrl() + "/nothing").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/items/1"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(counters.requests("getItem")).isEqualTo(1);
            assertThat(counters.requests("special")).isEqualTo(1);
        }
    }

    /** A simulator never keeps a JVM alive: every thread it starts (the JDK's dispatcher too) is a daemon. */
    @Test
    void everyThreadOfARunningServerIsADaemon() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        assertThat(Thread.currentThread().isDaemon()).isFalse();
        try (SandboxServer server = new SandboxServer("daemons", ErrorDialect.PLAIN, SandboxGate.OPEN, new FaultKnobs(),
                new SandboxCounters())
                .route("GET", "/ping", "ping", Route.Kind.DATA, r -> SandboxResponse.text(200, "text/plain", "pong"))
                .start(0)) {
            assertThat(get(HttpClient.newHttpClient(), server.baseUrl() + "/ping").body()).isEqualTo("pong");
            java.util.List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && !thread.getName().startsWith("HttpClient"))
                    .toList();
            assertThat(started).extracting(Thread::getName).anyMatch(name -> name.contains("Dispatcher"));
            assertThat(started).allSatisfy(thread -> assertThat(thread.isDaemon()).as(thread.getName()).isTrue());
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
