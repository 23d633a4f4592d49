package dev.esm.marketplace.amazon;

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
import dev.esm.shared.OrderStatus;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceOrder;
import dev.esm.marketplace.OrderPage;
import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.marketplace.OrderSourceContract;
import dev.esm.sandbox.FaultKnobs;
import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.amazon.AmazonApp;
import dev.esm.sandbox.amazon.AmazonOrder;
import dev.esm.sandbox.amazon.AmazonOrderItem;
import dev.esm.sandbox.amazon.AmazonSeller;
import dev.esm.sandbox.amazon.AmazonSimulator;
import dev.esm.marketplace.StoreCredentials;

/** The Amazon connector against the Amazon SP-API simulator, over real HTTP. */
class AmazonOrderSourceContractTests extends OrderSourceContract<StoreCredentials.Amazon> {

    private SandboxClock clock;
    private AmazonSimulator simulator;
    private AmazonSeller seller;
    private AmazonOrderSource source;

    @BeforeEach
    void start() {
        clock = SandboxClock.fixed(Instant.parse("2026-11-20T12:00:00Z"));
        simulator = new AmazonSimulator(clock, 7).setQuotasEnabled(false).start();
        seller = simulator.registerSeller();
        seller.generateOrders(450, Duration.ofDays(20));
        source = new AmazonOrderSource(properties(simulator.app().clientSecret()));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private AmazonProperties properties(String clientSecret) {
        AmazonApp app = simulator.app();
        return new AmazonProperties(simulator.baseUrl(), simulator.tokenUrl(), app.clientId(), clientSecret, null, 50,
                null, null, Duration.ofSeconds(5));
    }

    @Override
    protected OrderConnector<StoreCredentials.Amazon> source() {
        return source;
    }

    @Override
    protected StoreCredentials.Amazon credentials() {
        return new StoreCredentials.Amazon(seller.sellingPartnerId(), seller.refreshToken());
    }

    @Override
    protected StoreCredentials.Amazon wrongCredentials() {
        return new StoreCredentials.Amazon(seller.sellingPartnerId(), "Atzr|IwEBnot-a-refresh-token");
    }

    @Override
    protected Set<String> allOrderIds() {
        return new HashSet<>(seller.orderIds());
    }

    @Override
    protected Set<String> changeSomeOrders() {
        AmazonSeller.TickResult tick = seller.tick(3, 4);
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

    // ---- Amazon specifics ----

    @Test
    void ordersAreMappedFromTheWire() throws MarketplaceException {
        Drained all = drain(null);
        for (MarketplaceOrder order : all.orders()) {
            AmazonOrder held = seller.order(order.marketplaceOrderId()).orElseThrow();
            assertThat(order.orderedAt()).isEqualTo(held.createdTime());
            assertThat(order.lastModifiedAt()).isEqualTo(held.lastUpdatedTime());
            assertThat(order.shipBy()).isEqualTo(held.latestShip());
            assertThat(order.deliverBy()).isEqualTo(held.latestDelivery());
            assertThat(order.total()).isEqualByComparingTo(held.grandTotal());
            assertThat(order.currency()).isEqualTo("USD");
            assertThat(order.marketplaceStatus()).isEqualTo(held.status().wire());
            boolean cancelRequested = held.extras().cancelRequested();
            assertThat(order.status()).isEqualTo(switch (held.status()) {
                case PENDING -> cancelRequested ? OrderStatus.CANCEL_REQUESTED : OrderStatus.PENDING;
                case UNSHIPPED -> cancelRequested ? OrderStatus.CANCEL_REQUESTED : OrderStatus.UNSHIPPED;
                case PARTIALLY_SHIPPED -> OrderStatus.PARTIALLY_SHIPPED;
                case SHIPPED -> held.delivered() ? OrderStatus.DELIVERED : OrderStatus.SHIPPED;
                case CANCELLED -> OrderStatus.CANCELLED;
            });
            assertThat(order.lines()).hasSameSizeAs(held.items());
            assertThat(order.lines().get(0).sku()).isEqualTo(held.items().get(0).sellerSku());
            assertThat(order.lines().get(0).unitPrice()).isEqualByComparingTo(held.items().get(0).unitPrice());
            assertThat(order.buyer().name()).isEqualTo(held.buyer().fullName());
            assertThat(order.details().fulfilledBy()).isEqualTo(held.extras().fulfilledByAmazon()
                    ? FulfilledBy.MARKETPLACE : FulfilledBy.SELLER);
            assertThat(order.details().requestedService()).isEqualTo(held.serviceLevel());
            assertThat(order.details().flags().contains(OrderFlag.PRIME)).isEqualTo(held.prime());
            assertThat(order.details().flags().contains(OrderFlag.BUSINESS)).isEqualTo(held.extras().business());
            assertThat(order.details().flags().contains(OrderFlag.GIFT)).isEqualTo(held.extras().giftMessage() != null);
            assertThat(order.buyer().giftMessage()).isEqualTo(held.extras().giftMessage());
            for (int i = 0; i < held.items().size(); i++) {
                AmazonOrderItem item = held.items().get(i);
                MarketplaceOrder.Line line = order.lines().get(i);
                // exactly as sent (22.495 stays 22.495), or derived from the ITEM proceeds when not sent
                if (item.shape() == AmazonOrderItem.PriceShape.THREE_DECIMALS) {
                    assertThat(line.unitPrice().toPlainString()).isEqualTo(item.unitPrice().toPlainString());
                }
                assertThat(line.unitPrice()).isEqualByComparingTo(item.unitPrice());
                assertThat(line.unitPriceDerived()).isEqualTo(!item.unitPriceSent());
                assertThat(line.charges().itemSubtotal()).isEqualByComparingTo(BigDecimal.valueOf(item.lineCents(), 2));
                assertThat(line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
                        .isEqualByComparingTo(line.charges().itemSubtotal());
                assertThat(line.charges().marketplaceTax())
                        .isEqualByComparingTo(BigDecimal.valueOf(item.unitTaxCents() * item.quantityOrdered(), 2));
                assertThat(line.charges().sellerTax()).isNull();
                assertThat(line.condition()).isEqualTo("NEW");
            }
            assertThat(order.details().charges().buyerTotal()).isEqualByComparingTo(order.total());
            if (order.status() == OrderStatus.UNSHIPPED) {
                assertThat(order.buyer().address1()).isEqualTo(held.buyer().address1());
                assertThat(order.buyer().postalCode()).isEqualTo(held.buyer().postalCode());
                assertThat(order.buyer().phone()).matches("\\+1 \\d{3}-555-01\\d{2}");
            }
        }
        assertThat(all.orders()).extracting(MarketplaceOrder::status).contains(OrderStatus.PENDING,
                OrderStatus.UNSHIPPED, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.CANCELLED,
                OrderStatus.CANCEL_REQUESTED);
        // the simulator sends every case the real API does: FBA, three-decimal and missing unit prices
        assertThat(all.orders()).anySatisfy(o -> assertThat(o.details().fulfilledBy()).isEqualTo(FulfilledBy.MARKETPLACE));
        assertThat(all.orders()).anySatisfy(o -> assertThat(o.lines()).anySatisfy(l -> assertThat(l.unitPrice().scale())
                .isEqualTo(3)));
        assertThat(all.orders()).anySatisfy(o -> assertThat(o.lines()).anySatisfy(l -> assertThat(l.unitPriceDerived())
                .isTrue()));
    }

    @Test
    void theCursorIsOpaqueTextAndAQuietRepeatReadsOnlyTheOverlap() throws MarketplaceException {
        OrderPage first = source.fetch(credentials(), null, now());
        assertThat(first.windowComplete()).isFalse();
        assertThat(first.nextCursor()).startsWith("a1|2026-10-21T12:00:00Z|2026-11-20T12:00:00Z|");
        Drained rest = drain(first.nextCursor());
        assertThat(rest.cursor()).isEqualTo("a1|2026-11-20T12:00:00Z");

        clock.advance(Duration.ofHours(1));
        Drained quiet = drain(rest.cursor());
        assertThat(quiet.pages()).isEqualTo(1);
        assertThat(quiet.orders()).allSatisfy(o -> assertThat(o.lastModifiedAt())
                .isAfterOrEqualTo(Instant.parse("2026-11-20T11:55:00Z")));
        assertThat(quiet.cursor()).isEqualTo("a1|2026-11-20T13:00:00Z");
    }

    @Test
    void throttlingWaitsOneRequestOfTheAdvertisedRate() {
        simulator.setQuotasEnabled(true).setSearchOrdersQuota(0.5, 1);
        assertThatThrownBy(() -> drain(null)).isInstanceOfSatisfying(MarketplaceException.RateLimited.class,
                limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void aRevokedAuthorizationNeedsAReconnectAndBadAppCredentialsAreRejected() {
        AmazonOrderSource badApp = new AmazonOrderSource(properties("not-the-secret"));
        assertThatThrownBy(() -> badApp.fetch(credentials(), null, now()))
                .isInstanceOf(MarketplaceException.MarketplaceRejected.class)
                .hasMessageContaining("client-id");
        AmazonOrderSource unconfigured = new AmazonOrderSource(new AmazonProperties(simulator.baseUrl(),
                simulator.tokenUrl(), null, null, null, null, null, null, null));
        assertThatThrownBy(() -> unconfigured.fetch(credentials(), null, now()))
                .isInstanceOf(MarketplaceException.MarketplaceRejected.class);
        assertThat(simulator.counters().totalRequests()).isEqualTo(1);

        simulator.revokeAuthorization(seller);
        assertThatThrownBy(() -> source.fetch(credentials(), null, now()))
                .isInstanceOf(MarketplaceException.CredentialsExpired.class)
                .hasMessageNotContaining(seller.refreshToken());
    }

    @Test
    void messagesCarryNoTokensOrBodies() {
        simulator.faults().setMalformedShare(1.0);
        assertThatThrownBy(() -> source.fetch(credentials(), null, now()))
                .hasMessageNotContaining("Atza|").hasMessageNotContaining("Atzr|")
                .hasMessageNotContaining("orderId");
    }
}
