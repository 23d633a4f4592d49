package dev.esm.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The HTTP layer every simulator shares, on the JDK's {@link HttpServer}: routes by method and path template,
 * runs the simulator's {@link SandboxGate}, then the {@link FaultKnobs}, then the handler, and counts everything in
 * {@link SandboxCounters}. Requests run on a cached thread pool so that held ("timeout") requests do not starve
 * the others.
 */
public final class SandboxServer implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle plus the client's delayed
        // ACK add ~40 ms to small responses. Read once by the JDK when its first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String name;
    private final ErrorDialect dialect;
    private final SandboxGate gate;
    private final FaultKnobs faults;
    private final SandboxCounters counters;
    private final List<Route> routes = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Consumer<String> requestLog;
    private HttpServer server;
    private ExecutorService executor;
    private String host = "127.0.0.1";

    public SandboxServer(String name, ErrorDialect dialect, SandboxGate gate, FaultKnobs faults,
                         SandboxCounters counters) {
        this.name = name;
        this.dialect = dialect;
        this.gate = gate;
        this.faults = faults;
        this.counters = counters;
    }

    /** Adds a route; must be called before {@link #start(int)}. */
    public synchronized SandboxServer route(String method, String template, String operation, Route.Kind kind,
                                            SandboxHandler handler) {
        if (server != null) {
            throw new IllegalStateException("routes are fixed once started");
        }
        routes.add(new Route(method, template, operation, kind, handler));
        routes.sort(Comparator.comparingInt(Route::specificity).reversed());
        return this;
    }

    /** Interface to bind (default 127.0.0.1); call before start. */
    public synchronized SandboxServer host(String bindHost) {
        this.host = bindHost;
        return this;
    }

    /** Receives one line per request ("GET /v3/orders?... -> 200 (3 ms)"); null to stop logging. */
    public SandboxServer requestLog(Consumer<String> log) {
        this.requestLog = log;
        return this;
    }

    /** Binds and starts; port 0 picks a free port. */
    public synchronized SandboxServer start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + host + ":" + port, e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, name + "-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        // the JDK server's dispatcher thread inherits the daemon flag of the thread that starts it: started from a
        // daemon thread, a simulator never keeps a JVM alive (e.g. a server whose start failed)
        Thread starter = new Thread(server::start, name + "-starter");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, e);
        }
        return this;
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    /** e.g. {@code http://127.0.0.1:9101} (no trailing slash). */
    public String baseUrl() {
        String shown = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
        return "http://" + shown + ":" + port();
    }

    public FaultKnobs faults() {
        return faults;
    }

    public SandboxCounters counters() {
        return counters;
    }

    /** Stops at once: held requests are released and dropped, worker threads stop. */
    @Override
    public synchronized void close() {
        closed.countDown();
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void exchange(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod().toUpperCase();
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        SandboxResponse response;
        try {
            byte[] body = readBody(exchange.getRequestBody());
            response = dispatch(method, rawPath, rawQuery, exchange, body);
            if (response == null) {
                log(method, rawPath, rawQuery, "dropped", started);
                return; // a held request released by close(): no answer
            }
            write(exchange, response);
            log(method, rawPath, rawQuery, String.valueOf(response.status()), started);
        } catch (IOException | RuntimeException e) {
            log(method, rawPath, rawQuery, "failed: " + e, started);
        } finally {
            exchange.close();
        }
    }

    private SandboxResponse dispatch(String method, String rawPath, String rawQuery, HttpExchange exchange,
                                     byte[] body) {
        String[] segments = decodeSegments(rawPath);
        Route route = null;
        Map<String, String> params = null;
        boolean pathKnown = false;
        for (Route candidate : routes) {
            Map<String, String> match = candidate.match(segments);
            if (match != null) {
                pathKnown = true;
                if (candidate.method().equals(method)) {
                    route = candidate;
                    params = match;
                    break;
                }
            }
        }
        if (route == null) {
            SandboxResponse r = pathKnown
                    ? dialect.error(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + rawPath)
                    : dialect.error(404, "URI_NOT_FOUND", "No resource at " + rawPath);
            counters.status(r.status());
            return r;
        }
        counters.request(route.operation());
        SandboxRequest request = new SandboxRequest(method, rawPath, rawQuery, exchange.getRequestHeaders(), body,
                route, params);
        SandboxResponse response = process(request);
        if (response != null) {
            request.responseHeaders().forEach(response::header);
            counters.status(response.status());
        }
        return response;
    }

    private SandboxResponse process(SandboxRequest request) {
        try {
            gate.admit(request);
            Fault fault = Fault.NONE;
            if (faults.appliesTo(request.route().kind())) {
                fault = faults.next();
                long latency = faults.latencyMillis();
                if (latency > 0 && hold(latency)) {
                    return null;
                }
            }
            if (fault != Fault.NONE) {
                counters.fault(fault);
            }
            switch (fault) {
                case THROTTLE:
                    return dialect.throttled(request);
                case SERVER_ERROR:
                    return dialect.error(500, "INTERNAL_SERVER_ERROR", "Injected sandbox fault: internal error");
                case SERVICE_UNAVAILABLE:
                    return SandboxResponse.empty(503);
                case TIMEOUT:
                    return hold(faults.timeoutHoldMillis()) ? null : SandboxResponse.empty(504);
                case MALFORMED:
                    try {
                        return request.route().handler().handle(request).truncated();
                    } catch (SandboxException e) {
                        return e.response().truncated(); // an error answer can arrive cut short too
                    }
                default:
                    return request.route().handler().handle(request);
            }
        } catch (SandboxException e) {
            return e.response();
        } catch (RuntimeException e) {
            System.err.println("[" + name + "] handler failed for " + request.method() + " " + request.path()
                    + ": " + e);
            e.printStackTrace();
            return dialect.error(500, "INTERNAL_SERVER_ERROR", "Sandbox handler failed: " + e.getMessage());
        }
    }

    /** Waits; true when the server closed meanwhile (the request should then be dropped). */
    private boolean hold(long millis) {
        try {
            return closed.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void write(HttpExchange exchange, SandboxResponse response) throws IOException {
        var headers = exchange.getResponseHeaders();
        if (response.contentType() != null) {
            headers.set("Content-Type", response.contentType());
        }
        response.headers().forEach(headers::set);
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static String[] decodeSegments(String rawPath) {
        String[] segments = Route.split(rawPath == null ? "/" : rawPath);
        for (int i = 0; i < segments.length; i++) {
            try {
                segments[i] = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException ignored) {
                // keep the raw segment
            }
        }
        return segments;
    }

    private void log(String method, String path, String query, String outcome, long startedNanos) {
        Consumer<String> log = requestLog;
        if (log != null) {
            long ms = (System.nanoTime() - startedNanos) / 1_000_000;
            log.accept(method + " " + path + (query == null ? "" : "?" + query) + " -> " + outcome
                    + " (" + ms + " ms)");
        }
    }
}
