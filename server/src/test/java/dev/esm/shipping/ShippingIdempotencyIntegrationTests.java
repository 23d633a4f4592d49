package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.esm.IntegrationTest;
import dev.esm.TestSandbox;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.easypost.EasyPostSimulator;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.TestShipping.Shop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A label is bought exactly once per package whatever happens around the buy: two submits racing (a double click, two
 * nodes), an answer lost after the provider bought (504 without a body), or a client timeout while the provider is
 * slow. Each case runs many times against the EasyPost simulator, which counts purchases and buy requests per API key
 * and is told to honour a second buy of a shipment (EasyPost itself refuses it with 422): a duplicate buy call would
 * buy a second label and show up as a second buy request, instead of being masked by the provider's refusal.
 */
class ShippingIdempotencyIntegrationTests extends IntegrationTest {

    private static final int RUNS = 20;

    @Autowired
    TestShipping shipping;
    @Autowired
    RateOrder rateOrder;
    @Autowired
    BuyLabel buyLabel;

    private final EasyPostSimulator easypost = TestSandbox.easypost();

    @BeforeEach
    void honourRebuys() {
        easypost.honourRebuys(true);
    }

    @AfterEach
    void calm() {
        easypost.faults().reset();
        easypost.loseNextBuyResponses(0);
        easypost.honourRebuys(false);
    }

    @Test
    void twoSubmitsRacingForTheSameOrderEndWithOneLabel() throws Exception {
        Shop shop = shipping.shop("Racing Seller", RUNS);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int run = 0; run < RUNS; run++) {
                UUID order = shop.orders().get(run);
                String rate = rate(shop, order);
                CyclicBarrier start = new CyclicBarrier(2);
                List<CompletableFuture<Shipment>> submits = List.of(submit(pool, shop, order, rate, start),
                        submit(pool, shop, order, rate, start));
                Shipment first = submits.get(0).get();
                Shipment second = submits.get(1).get();
                assertThat(first.state()).isEqualTo(State.PURCHASED);
                assertThat(second.state()).isEqualTo(State.PURCHASED);
                assertThat(second.trackingCode()).isEqualTo(first.trackingCode());
                assertThat(shop.buyRequests()).as("buy requests after run %d", run).isEqualTo(run + 1);
                assertThat(shop.purchases()).as("purchases after run %d", run).isEqualTo(run + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLostBuyAnswerIsResolvedByReadingTheShipmentBackNeverByBuyingAgain() {
        Shop shop = shipping.shop("Lost Answer Seller", RUNS);
        for (int run = 0; run < RUNS; run++) {
            UUID order = shop.orders().get(run);
            String rate = rate(shop, order);
            easypost.loseNextBuyResponses(1);
            Shipment bought = shop.as(() -> buyLabel.buy(order, new BuyCommand(rate)));
            assertThat(bought.state()).isEqualTo(State.PURCHASED);
            assertThat(bought.trackingCode()).isNotNull();
            // the operator, not trusting the first answer, clicks again
            Shipment retry = shop.as(() -> buyLabel.buy(order, new BuyCommand(rate)));
            assertThat(retry.trackingCode()).isEqualTo(bought.trackingCode());
            assertThat(shop.buyRequests()).as("buy requests after run %d", run).isEqualTo(run + 1);
            assertThat(shop.purchases()).as("purchases after run %d", run).isEqualTo(run + 1);
        }
    }

    @Test
    void aBuyThatTimedOutIsConfirmedByReadBackOnRetryAndBoughtOnce() {
        // the client gives up after 2 s (esm.connectors.easypost.request-timeout in IntegrationTest); the simulator
        // answers after 2.3 s, having bought
        Shop shop = shipping.shop("Slow Provider Seller", RUNS);
        int runs = RUNS / 2;
        for (int run = 0; run < runs; run++) {
            UUID order = shop.orders().get(run);
            String rate = rate(shop, order);
            easypost.faults().setLatencyMillis(2300);
            Shipment timedOut;
            try {
                timedOut = shop.as(() -> buyLabel.buy(order, new BuyCommand(rate)));
            } finally {
                easypost.faults().setLatencyMillis(0);
            }
            assertThat(timedOut.state()).as("outcome unknown after the timeout").isEqualTo(State.BUYING);
            assertThat(timedOut.trackingCode()).isNull();
            Shipment confirmed = timedOut;
            Instant until = Instant.now().plus(Duration.ofSeconds(20));
            while (confirmed.state() == State.BUYING && Instant.now().isBefore(until)) {
                confirmed = shop.as(() -> buyLabel.buy(order, new BuyCommand(rate)));
            }
            assertThat(confirmed.state()).isEqualTo(State.PURCHASED);
            assertThat(confirmed.trackingCode()).isNotNull();
            assertThat(shop.buyRequests()).as("buy requests after run %d", run).isEqualTo(run + 1);
            assertThat(shop.purchases()).as("purchases after run %d", run).isEqualTo(run + 1);
        }
    }

    private String rate(Shop shop, UUID order) {
        Shipment rated = shop.as(() -> rateOrder.rate(order, new RatesCommand(shop.shipFrom(), shop.box()), "test"));
        return rated.rates().get(0).id();
    }

    private CompletableFuture<Shipment> submit(ExecutorService pool, Shop shop, UUID order, String rate,
                                               CyclicBarrier start) {
        return CompletableFuture.supplyAsync(() -> ActingOperator.runAs(shop.owner().id(), () -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return buyLabel.buy(order, new BuyCommand(rate));
        }), pool);
    }
}
