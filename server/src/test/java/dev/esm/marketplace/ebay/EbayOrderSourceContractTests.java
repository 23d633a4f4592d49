package dev.esm.marketplace.ebay;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.marketplace.OrderSourceContract;
import dev.esm.sandbox.FaultKnobs;
import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.ebay.EbayApp;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.ebay.EbaySimulator;
import dev.esm.marketplace.StoreCredentials;

/** The eBay connector against the eBay simulator, over real HTTP. */
class EbayOrderSourceContractTests extends OrderSourceContract<StoreCredentials.Ebay> {

    private SandboxClock clock;
    private EbaySimulator simulator;
    private EbaySeller seller;
    private String refreshToken;
    private EbayOrderSource source;

    @BeforeEach
    void start() {
        clock = SandboxClock.fixed(Instant.parse("2026-11-20T12:00:00Z"));
        simulator = new EbaySimulator(clock, 7).start();
        EbayApp app = simulator.registerApp("contract-app", "contract-cert");
        seller = simulator.registerSeller("contract_seller");
        seller.generateOrders(450, Duration.ofDays(20));
        refreshToken = simulator.issueRefreshToken(app, seller);
        source = new EbayOrderSource(new EbayProperties(simulator.baseUrl(), simulator.tokenUrl(), "contract-app",
                "contract-cert", null, 50, null, null, Duration.ofSeconds(5), Duration.ofDays(3), null));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Override
    protected OrderConnector<StoreCredentials.Ebay> source() {
        return source;
    }

    @Override
    protected StoreCredentials.Ebay credentials() {
        return new StoreCredentials.Ebay(refreshToken);
    }

    @Override
    protected StoreCredentials.Ebay wrongCredentials() {
        return new StoreCredentials.Ebay("v^1.1#i^1#p^3#I^3#r^1#f^0#t^Ul4xMF8not-a-grant");
    }

    @Override
    protected Set<String> allOrderIds() {
        return new HashSet<>(seller.orderIds());
    }

    @Override
    protected Set<String> changeSomeOrders() {
        EbaySeller.TickResult tick = seller.tick(3, 4);
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
