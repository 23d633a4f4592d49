package dev.esm.sandbox.ebay;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.esm.sandbox.ebay.EbayHttp.filter;
import static org.assertj.core.api.Assertions.assertThat;

class EbayIncrementalSyncTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private final SandboxClock clock = SandboxClock.fixed(NOW);
    private EbaySimulator ebay;
    private EbaySeller seller;
    private EbayHttp client;
    private String token;

    @BeforeEach
    void start() {
        ebay = new EbaySimulator(clock, 3).start(0);
        EbayApp app = ebay.registerApp("inc-app", "inc-cert");
        seller = ebay.registerSeller("inc_seller").generateOrders(2000);
        client = new EbayHttp(ebay.baseUrl());
        token = client.accessToken(app, ebay.issueRefreshToken(app, seller));
    }

    @AfterEach
    void stop() {
        ebay.close();
    }

    @Test
    void aWindowListsExactlyTheOrdersModifiedWithinIt() {
        Instant since = NOW.minus(Duration.ofDays(2));
        Set<String> listed = ids("lastmodifieddate:[" + since + ".." + NOW + "]");
        Set<String> expected = seller.orderIds().stream().filter(id -> seller.lastModified(id) >= since.toEpochMilli())
                .collect(Collectors.toSet());
        assertThat(expected).isNotEmpty().hasSizeLessThan(seller.orderCount());
        assertThat(listed).isEqualTo(expected);
    }

    @Test
    void afterATickTheNewAndChangedOrdersAppearAndNothingElse() {
        Instant before = NOW.plusSeconds(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(ids("lastmodifieddate:[" + before + "..]")).isEmpty();

        EbaySeller.TickResult tick = seller.tick(4, 6);
        assertThat(tick.created()).hasSize(4);
        assertThat(tick.changed()).hasSize(6);
        Set<String> expected = new HashSet<>(tick.created());
        expected.addAll(tick.changed());
        assertThat(ids("lastmodifieddate:[" + before + "..]")).isEqualTo(expected);

        for (String id : tick.created()) {
            EbayOrder order = seller.order(id).orElseThrow();
            assertThat(order.creationDate()).isEqualTo(clock.millis());
            assertThat(order.fulfillmentStatus()).isEqualTo(EbayOrder.Fulfillment.NOT_STARTED);
            assertThat(order.cancelState()).isEqualTo(EbayOrder.Cancel.NONE_REQUESTED);
        }
    }

    @Test
    void ticksMoveOrdersForwardUntilTheyAreFinal() {
        String id = seller.addOrders(1).get(0);
        int steps = 0;
        while (seller.order(id).orElseThrow().fulfillmentStatus() != EbayOrder.Fulfillment.FULFILLED
                && seller.order(id).orElseThrow().cancelState() != EbayOrder.Cancel.CANCELED) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(seller.advance(id)).isTrue();
            assertThat(seller.lastModified(id)).isEqualTo(clock.millis());
            assertThat(++steps).isLessThan(5);
        }
        assertThat(seller.advance(id)).isFalse();

        clock.advance(Duration.ofMinutes(1));
        EbaySeller.TickResult tick = seller.tick(0, 30);
        assertThat(tick.changed()).hasSize(30);
        for (String changed : tick.changed()) {
            assertThat(seller.order(changed).orElseThrow().lastModifiedDate()).isEqualTo(clock.millis());
        }
    }

    @Test
    void theSameSeedGivesTheSameOrders() {
        EbaySimulator a = new EbaySimulator(SandboxClock.fixed(NOW), 9);
        EbaySimulator b = new EbaySimulator(SandboxClock.fixed(NOW), 9);
        EbaySimulator c = new EbaySimulator(SandboxClock.fixed(NOW), 10);
        EbaySeller sa = a.registerSeller("same").generateOrders(50);
        EbaySeller sb = b.registerSeller("same").generateOrders(50);
        EbaySeller sc = c.registerSeller("same").generateOrders(50);
        for (String id : sa.orderIds()) {
            assertThat(json(sa, id)).isEqualTo(json(sb, id));
        }
        assertThat(json(sa, sa.orderId(0))).isNotEqualTo(json(sc, sc.orderId(0)));
        assertThat(new HashSet<>(sa.orderIds())).hasSize(50);
    }

    private static String json(EbaySeller seller, String id) {
        return EbayJson.order(seller.order(id).orElseThrow(), "http://x", NOW.toEpochMilli()).toString();
    }

    private Set<String> ids(String filter) {
        return client.pageAll(token, filter(filter) + "&limit=200", null).stream()
                .map(o -> o.path("orderId").asString()).collect(Collectors.toSet());
    }
}
