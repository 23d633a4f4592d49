package dev.esm.connectors.walmart;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.esm.orders.spi.OrderSource;
import dev.esm.orders.spi.OrderSourceContract;
import dev.esm.sandbox.FaultKnobs;
import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;
import dev.esm.stores.StoreCredentials;

/** The Walmart connector against the Walmart simulator, over real HTTP. */
class WalmartOrderSourceContractTests extends OrderSourceContract {

    private SandboxClock clock;
    private WalmartSimulator simulator;
    private WalmartSeller seller;
    private WalmartOrderSource source;

    @BeforeEach
    void start() {
        clock = SandboxClock.fixed(Instant.parse("2026-11-20T12:00:00Z"));
        simulator = new WalmartSimulator(clock, 7).setQuotasEnabled(false).start();
        seller = simulator.registerSeller("contract-client", "contract-secret");
        seller.generateOrders(450, Duration.ofDays(20));
        source = new WalmartOrderSource(new WalmartProperties(simulator.baseUrl(), null, 50, null, null,
                Duration.ofSeconds(5), Duration.ofDays(3)));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Override
    protected OrderSource source() {
        return source;
    }

    @Override
    protected StoreCredentials credentials() {
        return new StoreCredentials.Walmart("contract-client", "contract-secret");
    }

    @Override
    protected StoreCredentials wrongCredentials() {
        return new StoreCredentials.Walmart("contract-client", "not-the-secret");
    }

    @Override
    protected Set<String> allOrderIds() {
        return new HashSet<>(seller.purchaseOrderIds());
    }

    @Override
    protected Set<String> changeSomeOrders() {
        WalmartSeller.TickResult tick = seller.tick(3, 4);
        Set<String> changed = new HashSet<>(tick.created());
        changed.addAll(tick.changed());
        return changed;
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected void advanceClock(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected void expireTokens() {
        simulator.expireAllTokens();
    }

    @Override
    protected FaultKnobs faults() {
        return simulator.faults();
    }
}
