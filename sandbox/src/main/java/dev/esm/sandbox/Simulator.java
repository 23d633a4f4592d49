package dev.esm.sandbox;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * What every simulator shares: its HTTP server's lifecycle, its fault knobs, its request counters and its clock. A
 * simulator builds its {@link SandboxServer} (routes, errors, admission) in its constructor and hands it to
 * {@link #serve}; the methods here return the simulator itself, so set-up reads as one chain
 * ({@code new WalmartSimulator().setQuotasEnabled(false).start()}).
 *
 * @param <S> the simulator's own type
 */
public abstract class Simulator<S extends Simulator<S>> implements AutoCloseable {

    protected final Clock clock;
    protected final FaultKnobs faults = new FaultKnobs();
    protected final SandboxCounters counters = new SandboxCounters();
    private SandboxServer server;

    protected Simulator(Clock clock) {
        this.clock = clock;
    }

    /** The server this simulator answers on; called once, from the constructor. */
    protected final void serve(SandboxServer server) {
        if (this.server != null) {
            throw new IllegalStateException("the simulator's server is already set");
        }
        this.server = server;
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** Starts on a random free port. */
    public S start() {
        return start(0);
    }

    public S start(int port) {
        server.start(port);
        return self();
    }

    /** Interface to bind before start (default 127.0.0.1). */
    public S host(String host) {
        server.host(host);
        return self();
    }

    /** e.g. {@code http://127.0.0.1:40123}: where the simulated API answers. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    /** One line per request, for demos. */
    public S requestLog(Consumer<String> log) {
        server.requestLog(log);
        return self();
    }

    public FaultKnobs faults() {
        return faults;
    }

    public SandboxCounters counters() {
        return counters;
    }

    public Clock clock() {
        return clock;
    }
}
