package dev.esm.marketplace.ebay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
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
import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.ebay.EbayApp;
import dev.esm.sandbox.ebay.EbayOrder;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.ebay.EbaySimulator;
import dev.esm.marketplace.StoreCredentials;

/** What the contract does not cover: eBay's mapping, cursor, token and error details, against the simulator. */
class EbayOrderSourceTests {

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-11-20T12:00:00Z"));
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private EbaySimulator simulator;
    private EbaySeller seller;
    private StoreCredentials.Ebay credentials;

    @BeforeEach
    void start() {
        simulator = new EbaySimulator(clock, 13).requestLog(requests::add).start();
        EbayApp app = simulator.registerApp("source-app", "source-cert");
        seller = simulator.registerSeller("source_seller").generateOrders(300, Duration.ofDays(20));
        credentials = new StoreCredentials.Ebay(simulator.issueRefreshToken(app, seller));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void ordersAreMappedFromTheWireFormat() throws MarketplaceException {
        List<MarketplaceOrder> orders = drain(source(200, Duration.ofDays(30)), null).orders();
        assertThat(orders).hasSize(300);
        Set<OrderStatus> statuses = new HashSet<>();
        for (MarketplaceOrder order : orders) {
            EbayOrder truth = seller.order(order.marketplaceOrderId()).orElseThrow();
            statuses.add(order.status());
            assertThat(order.status()).isEqualTo(expectedStatus(truth));
            assertThat(order.marketplaceStatus()).doesNotContain(",").isNotBlank();
            if (order.status() == OrderStatus.ON_HOLD) {
                assertThat(order.marketplaceStatus()).isEqualTo("HELD");
            }
            if (order.status() == OrderStatus.UNSHIPPED || order.status() == OrderStatus.SHIPPED) {
                assertThat(order.marketplaceStatus()).isEqualTo(truth.fulfillmentStatus().name());
            }
            // eBay's total includes the tax eBay collects and remits; that tax is kept apart, never the seller's
            assertThat(order.details().charges().marketplaceTax())
                    .isEqualByComparingTo(BigDecimal.valueOf(truth.taxCents(), 2));
            assertThat(order.details().charges().sellerTax()).isNull();
            assertThat(order.details().charges().itemSubtotal())
                    .isEqualByComparingTo(BigDecimal.valueOf(truth.subtotalCents(), 2));
            assertThat(order.details().charges().shipping())
                    .isEqualByComparingTo(BigDecimal.valueOf(truth.deliveryCostCents(), 2));
            assertThat(order.details().charges().buyerTotal()).isEqualByComparingTo(order.total());
            assertThat(order.details().charges().fees())
                    .isEqualByComparingTo(BigDecimal.valueOf(truth.marketplaceFeeCents(), 2));
            assertThat(order.details().charges().payout())
                    .isEqualByComparingTo(BigDecimal.valueOf(truth.totalCents() - truth.taxCents(), 2));
            assertThat(order.details().fulfilledBy()).isEqualTo(FulfilledBy.SELLER);
            assertThat(order.details().requestedService()).isEqualTo(truth.shippingServiceCode()).isNotBlank();
            assertThat(order.details().flags().contains(OrderFlag.GUARANTEED_DELIVERY))
                    .isEqualTo(truth.guaranteedDelivery());
            assertThat(order.orderedAt()).isEqualTo(Instant.ofEpochMilli(truth.creationDate()));
            assertThat(order.lastModifiedAt()).isEqualTo(Instant.ofEpochMilli(truth.lastModifiedDate()));
            assertThat(order.shipBy()).isEqualTo(Instant.ofEpochMilli(truth.shipByDate()));
            assertThat(order.deliverBy()).isEqualTo(Instant.ofEpochMilli(truth.maxEstimatedDeliveryDate()));
            assertThat(order.currency()).isEqualTo("USD");
            assertThat(order.total()).isEqualByComparingTo(BigDecimal.valueOf(truth.totalCents(), 2));
            assertThat(order.lines()).hasSameSizeAs(truth.lineItems());
            for (int i = 0; i < truth.lineItems().size(); i++) {
                EbayOrder.LineItem expected = truth.lineItems().get(i);
                MarketplaceOrder.Line line = order.lines().get(i);
                assertThat(line.lineNumber()).isEqualTo(expected.lineItemId());
                assertThat(line.sku()).isEqualTo(expected.sku()).startsWith("EB-");
                assertThat(line.quantity()).isEqualTo(expected.quantity());
                assertThat(line.unitPrice()).isEqualByComparingTo(BigDecimal.valueOf(expected.unitPriceCents(), 2));
                assertThat(line.status()).isEqualTo(expected.status().name());
                assertThat(line.variation()).isEqualTo(EbayOrder.variation(expected));
                assertThat(line.charges().marketplaceTax()).isEqualByComparingTo(BigDecimal.valueOf(expected.taxCents(), 2));
            }
            MarketplaceOrder.Buyer buyer = order.buyer();
            assertThat(buyer.name()).isEqualTo(truth.shipTo().fullName());
            assertThat(buyer.address1()).isEqualTo(truth.shipTo().address1());
            assertThat(buyer.address2()).isEqualTo(truth.shipTo().address2());
            assertThat(buyer.postalCode()).isEqualTo(truth.shipTo().postalCode());
            assertThat(buyer.country()).isEqualTo("US");
            assertThat(buyer.phone()).isEqualTo(truth.shipTo().phone());
            assertThat(order.toString()).doesNotContain(buyer.name());
        }
        assertThat(statuses).contains(OrderStatus.UNSHIPPED, OrderStatus.SHIPPED, OrderStatus.CANCELLED,
                OrderStatus.ON_HOLD);
        assertThat(orders).anySatisfy(o -> assertThat(o.lines()).anySatisfy(l -> assertThat(l.variation())
                .startsWith("Color: ")));
        assertThat(orders).anySatisfy(o -> assertThat(o.details().flags()).contains(OrderFlag.GUARANTEED_DELIVERY));
    }

    @Test
    void ticksShowAsStatusChanges() throws MarketplaceException {
        EbayOrderSource source = source(200, Duration.ofDays(30));
        String cursor = drain(source, null).cursor();
        clock.advance(Duration.ofMinutes(10));
        for (String id : seller.addOrders(3)) {
            while (seller.advance(id)) {
                clock.advance(Duration.ofMinutes(1));
            }
        }
        clock.advance(Duration.ofMinutes(1));
        for (MarketplaceOrder order : drain(source, cursor).orders()) {
            assertThat(order.status()).isEqualTo(expectedStatus(seller.order(order.marketplaceOrderId()).orElseThrow()));
        }
    }

    @Test
    void ordersChangingWhileAWindowIsReadAreNotSkipped() throws MarketplaceException {
        // orders of the last 12 hours: most are still open, so changes hit pages already read and shift offsets
        EbayApp app = simulator.app("source-app").orElseThrow();
        EbaySeller busy = simulator.registerSeller("busy_seller").generateOrders(300, Duration.ofHours(12));
        StoreCredentials.Ebay busyCredentials = new StoreCredentials.Ebay(simulator.issueRefreshToken(app, busy));
        EbayOrderSource source = source(20, Duration.ofDays(90));
        Instant started = clock.instant();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        while (true) {
            OrderPage page = source.fetch(busyCredentials, cursor, started); // one sync: one "now", as SyncOrders
            page.orders().forEach(o -> seen.add(o.marketplaceOrderId()));
            cursor = page.nextCursor();
            if (page.windowComplete()) {
                break;
            }
            if (++pages % 3 == 0) {
                clock.advance(Duration.ofSeconds(5));
                busy.tick(0, 3);
            }
            assertThat(pages).isLessThan(500);
        }
        Set<String> untouched = new HashSet<>();
        busy.orderIds().stream().filter(id -> busy.lastModified(id) <= started.toEpochMilli()).forEach(untouched::add);
        assertThat(untouched).hasSizeBetween(100, 299);
        assertThat(seen).containsAll(untouched);
        clock.advance(Duration.ofMinutes(1));
        String next = cursor;
        List<MarketplaceOrder> rest = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            OrderPage page = source.fetch(busyCredentials, next, clock.instant());
            rest.addAll(page.orders());
            next = page.nextCursor();
            if (page.windowComplete()) {
                break;
            }
        }
        rest.forEach(o -> seen.add(o.marketplaceOrderId()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(busy.orderIds());
    }

    @Test
    void theCursorIsOpaqueTextWithTheWindowAndOffset() throws MarketplaceException {
        OrderPage first = source(50, Duration.ofDays(90)).fetch(credentials, null, clock.instant());
        assertThat(first.windowComplete()).isFalse();
        assertThat(first.nextCursor()).matches("e1\\|[^|]+Z\\|2026-11-20T12:00:00Z\\|50\\|300");
        assertThatThrownBy(() -> source(50, Duration.ofDays(30)).fetch(credentials, "w1|2026-01-01T00:00:00Z",
                clock.instant())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCursorOlderThanGetOrdersReachStartsWithinIt() throws MarketplaceException {
        assertThat(drain(source(200, Duration.ofDays(90)), "e1|2026-01-01T00:00:00Z").orders()).hasSize(300);
    }

    @Test
    void tokensTravelInHeadersAndBodiesOnly() throws MarketplaceException {
        drain(source(100, Duration.ofDays(30)), null);
        List<String> seen;
        synchronized (requests) { // the simulator may still be logging its last request
            seen = List.copyOf(requests);
        }
        assertThat(seen).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("v^1.1")
                .doesNotContain("v%5E1.1").doesNotContain("source-cert"));
        assertThat(seen).anySatisfy(line -> assertThat(line).startsWith(
                "GET /sell/fulfillment/v1/order?filter=lastmodifieddate:%5B"));
    }

    @Test
    void anAccessTokenIsReusedUntilItNearlyExpires() throws MarketplaceException {
        EbayOrderSource source = source(20, Duration.ofDays(30));
        drain(source, null);
        drain(source, null);
        assertThat(simulator.counters().requests(EbaySimulator.OP_TOKEN)).isEqualTo(1);
        assertThat(simulator.counters().requests(EbaySimulator.OP_GET_ORDERS)).isGreaterThan(20);
    }

    @Test
    void withdrawnConsentIsCredentialsExpired() {
        simulator.revokeTokens(seller);
        assertThatThrownBy(() -> source(50, Duration.ofDays(3)).fetch(credentials, null, clock.instant()))
                .isInstanceOf(MarketplaceException.CredentialsExpired.class)
                .hasMessageContaining("invalid_grant").hasMessageNotContaining(credentials.refreshToken());
    }

    @Test
    void badOrMissingAppKeysAreRejectedNotBlamedOnTheStore() {
        EbayProperties wrong = new EbayProperties(simulator.baseUrl(), null, "source-app", "wrong", null, 50, null,
                null, Duration.ofSeconds(5), null, null);
        assertThatThrownBy(() -> new EbayOrderSource(wrong).fetch(credentials, null, clock.instant()))
                .isInstanceOf(MarketplaceException.MarketplaceRejected.class)
                .hasMessageContaining("invalid_client").hasMessageNotContaining("wrong");
        EbayProperties none = new EbayProperties(simulator.baseUrl(), null, null, null, null, null, null, null, null,
                null, null);
        assertThatThrownBy(() -> new EbayOrderSource(none).fetch(credentials, null, clock.instant()))
                .isInstanceOf(MarketplaceException.MarketplaceRejected.class)
                .hasMessageContaining("esm.connectors.ebay.client-id");
        assertThat(wrong.toString()).contains("clientSecret=(hidden)").doesNotContain("=wrong");
    }

    @Test
    void refusedRequestsNameTheErrorIdButQuoteNoBody() {
        simulator.setMaxLimit(10);
        assertThatThrownBy(() -> source(50, Duration.ofDays(3)).fetch(credentials, null, clock.instant()))
                .isInstanceOf(MarketplaceException.MarketplaceRejected.class)
                .hasMessageContaining("HTTP 400").hasMessageContaining("31100")
                .hasMessageNotContaining("Invalid limit");
    }

    @Test
    void aRetryAfterHeaderIsHonouredAndItsAbsenceGivesTheConfiguredWait() {
        simulator.faults().setThrottleShare(1.0);
        assertThatThrownBy(() -> source(50, Duration.ofDays(3)).fetch(credentials, null, clock.instant()))
                .isInstanceOfSatisfying(MarketplaceException.RateLimited.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(15)));
        simulator.setRetryAfterSeconds(7L);
        assertThatThrownBy(() -> source(50, Duration.ofDays(3)).fetch(credentials, null, clock.instant()))
                .isInstanceOfSatisfying(MarketplaceException.RateLimited.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void aUsedUpDailyQuotaIsRateLimited() throws MarketplaceException {
        simulator.setOrdersDailyQuota(1);
        EbayOrderSource source = source(20, Duration.ofDays(30));
        source.fetch(credentials, null, clock.instant());
        assertThatThrownBy(() -> source.fetch(credentials, null, clock.instant()))
                .isInstanceOf(MarketplaceException.RateLimited.class);
    }

    @Test
    void aHeldRequestTimesOutAsUnavailable() {
        simulator.faults().setTimeoutShare(1.0).setTimeoutHold(Duration.ofSeconds(5));
        EbayProperties quick = new EbayProperties(simulator.baseUrl(), null, "source-app", "source-cert", null, 50,
                null, null, Duration.ofMillis(300), null, null);
        assertThatThrownBy(() -> new EbayOrderSource(quick).fetch(credentials, null, clock.instant()))
                .isInstanceOf(MarketplaceException.MarketplaceUnavailable.class).hasMessageContaining("timed out");
    }

    private EbayOrderSource source(int pageSize, Duration window) {
        return new EbayOrderSource(new EbayProperties(simulator.baseUrl(), simulator.tokenUrl(), "source-app",
                "source-cert", null, pageSize, null, null, Duration.ofSeconds(5), window, null));
    }

    private record Drained(List<MarketplaceOrder> orders, String cursor) {
    }

    private Drained drain(EbayOrderSource source, String cursor) throws MarketplaceException {
        List<MarketplaceOrder> orders = new ArrayList<>();
        for (int pages = 0; pages < 1000; pages++) {
            OrderPage page = source.fetch(credentials, cursor, clock.instant());
            orders.addAll(page.orders());
            cursor = page.nextCursor();
            if (page.windowComplete()) {
                return new Drained(orders, cursor);
            }
        }
        throw new AssertionError("the window never completed");
    }

    private static OrderStatus expectedStatus(EbayOrder order) {
        if (order.cancelState() == EbayOrder.Cancel.CANCELED) {
            return OrderStatus.CANCELLED;
        }
        if (order.fulfillmentStatus() == EbayOrder.Fulfillment.FULFILLED) {
            return OrderStatus.SHIPPED;
        }
        if (order.cancelState() == EbayOrder.Cancel.IN_PROGRESS) {
            return OrderStatus.CANCEL_REQUESTED;
        }
        return switch (order.fulfillmentStatus()) {
            case IN_PROGRESS -> OrderStatus.PARTIALLY_SHIPPED;
            default -> order.paymentStatus() == EbayOrder.Payment.PENDING ? OrderStatus.PENDING
                    : order.paymentHeld() ? OrderStatus.ON_HOLD : OrderStatus.UNSHIPPED;
        };
    }
}
