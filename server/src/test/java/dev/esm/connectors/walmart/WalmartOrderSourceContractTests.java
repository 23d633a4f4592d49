package dev.esm.connectors.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.esm.orders.spi.MarketplaceException;
import dev.esm.orders.spi.OrderPage;
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

    @Test
    void aWindowWithoutOrdersIsAnEmptyPageNotAFailure() throws MarketplaceException {
        simulator.registerSeller("quiet-client", "quiet-secret");
        StoreCredentials quiet = new StoreCredentials.Walmart("quiet-client", "quiet-secret");
        OrderPage page = source.fetch(quiet, null, now());
        assertThat(page.orders()).isEmpty();
        assertThat(page.nextCursor()).startsWith("w1|");
        String cursor = page.nextCursor();
        while (!page.windowComplete()) {
            page = source.fetch(quiet, cursor, now());
            assertThat(page.orders()).isEmpty();
            assertThat(page.nextCursor()).isNotEqualTo(cursor);
            cursor = page.nextCursor();
        }
        assertThat(cursor).isEqualTo("w1|" + now());
    }

    @Test
    void anyOtherNotFoundStillFailsWithItsCode() {
        // a Walmart nextCursor that leads to an order id: GET /v3/orders/{id} answers 404 CONTENT_NOT_FOUND
        String cursor = "w1|2026-11-19T00:00:00Z|2026-11-20T00:00:00Z|/NO-SUCH-ORDER";
        assertThatThrownBy(() -> source.fetch(credentials(), cursor, now()))
                .isInstanceOf(MarketplaceException.MarketplaceRejected.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining("(CONTENT_NOT_FOUND)");
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
