package dev.esm.marketplace.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.esm.shared.FulfilledBy;
import dev.esm.shared.OrderFlag;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceOrder;
import dev.esm.marketplace.OrderPage;
import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.marketplace.OrderSourceContract;
import dev.esm.sandbox.FaultKnobs;
import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.walmart.WalmartOrder;
import dev.esm.sandbox.walmart.WalmartOrderLine;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;
import dev.esm.marketplace.StoreCredentials;

/** The Walmart connector against the Walmart simulator, over real HTTP. */
class WalmartOrderSourceContractTests extends OrderSourceContract<StoreCredentials.Walmart> {

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
        StoreCredentials.Walmart quiet = new StoreCredentials.Walmart("quiet-client", "quiet-secret");
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
    void ordersCarryWhoShipsTheServiceTheFlagsAndTheCharges() throws MarketplaceException {
        Drained all = drain(null);
        for (MarketplaceOrder order : all.orders()) {
            WalmartOrder held = seller.order(order.marketplaceOrderId()).orElseThrow();
            assertThat(order.details().fulfilledBy()).isEqualTo(held.fulfilledByWalmart() ? FulfilledBy.MARKETPLACE
                    : FulfilledBy.SELLER);
            assertThat(order.details().requestedService()).isEqualTo(held.shippingInfo().methodCode());
            assertThat(order.details().flags().contains(OrderFlag.REPLACEMENT)).isEqualTo(held.replacement());
            assertThat(order.marketplaceStatus()).doesNotContain(",");
            long items = 0;
            long tax = 0;
            for (WalmartOrderLine line : held.lines()) {
                items += line.unitPriceCents() * line.quantity();
                tax += line.unitTaxCents() * line.quantity();
            }
            // Walmart's total includes the sales tax Walmart collects and remits: kept apart, to the cent
            assertThat(order.details().charges().itemSubtotal()).isEqualByComparingTo(BigDecimal.valueOf(items, 2));
            assertThat(order.details().charges().marketplaceTax()).isEqualByComparingTo(BigDecimal.valueOf(tax, 2));
            assertThat(order.details().charges().buyerTotal()).isEqualByComparingTo(order.total());
        }
        assertThat(all.orders()).anySatisfy(o -> assertThat(o.details().fulfilledBy()).isEqualTo(FulfilledBy.MARKETPLACE));
        assertThat(all.orders()).anySatisfy(o -> assertThat(o.details().flags()).contains(OrderFlag.REPLACEMENT));
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
    protected OrderConnector<StoreCredentials.Walmart> source() {
        return source;
    }

    @Override
    protected StoreCredentials.Walmart credentials() {
        return new StoreCredentials.Walmart("contract-client", "contract-secret");
    }

    @Override
    protected StoreCredentials.Walmart wrongCredentials() {
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
