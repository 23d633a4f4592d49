package dev.esm.sandbox.amazon;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class AmazonIncrementalSyncTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private final SandboxClock clock = SandboxClock.fixed(NOW);
    private AmazonSimulator amazon;
    private AmazonSeller seller;
    private AmazonHttp client;
    private String token;

    @BeforeEach
    void start() {
        amazon = new AmazonSimulator(clock, 3).start(0).setQuotasEnabled(false);
        seller = amazon.registerSeller().generateOrders(1500);
        client = new AmazonHttp(amazon);
        token = client.accessToken(seller);
    }

    @AfterEach
    void stop() {
        amazon.close();
    }

    @Test
    void onlyOrdersUpdatedSinceLastUpdatedAfterAreListed() {
        Instant since = NOW.minus(Duration.ofDays(2));
        Set<String> listed = ids(client.pageAll(token, "lastUpdatedAfter=" + since, null));

        Set<String> expected = seller.orders().stream().filter(o -> !o.lastUpdatedTime().isBefore(since))
                .map(AmazonOrder::orderId).collect(Collectors.toSet());
        assertThat(expected).isNotEmpty().hasSizeLessThan(seller.orderCount());
        assertThat(listed).isEqualTo(expected);
    }

    @Test
    void afterATickTheNewAndChangedOrdersAppear() {
        Instant before = NOW.plusSeconds(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(client.pageAll(token, "lastUpdatedAfter=" + before, null)).isEmpty();

        AmazonSeller.TickResult tick = seller.tick(4, 6);
        assertThat(tick.created()).hasSize(4);
        assertThat(tick.changed()).hasSize(6);

        Set<String> changed = ids(client.pageAll(token, "lastUpdatedAfter=" + before, null));
        Set<String> expected = new HashSet<>(tick.created());
        expected.addAll(tick.changed());
        assertThat(changed).isEqualTo(expected);
        for (String id : tick.created()) {
            AmazonOrder order = seller.order(id).orElseThrow();
            assertThat(order.createdTime()).isEqualTo(clock.instant());
            assertThat(order.status()).isIn(AmazonStatus.PENDING, AmazonStatus.UNSHIPPED);
        }
        for (String id : tick.changed()) {
            assertThat(seller.order(id).orElseThrow().lastUpdatedTime()).isEqualTo(clock.instant());
        }
    }

    @Test
    void ticksMoveOrdersThroughTheLifecycle() {
        Set<AmazonStatus> reached = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofMinutes(7));
            seller.tick(2, 8).changed().forEach(id -> reached.add(seller.order(id).orElseThrow().status()));
        }
        assertThat(reached).contains(AmazonStatus.UNSHIPPED, AmazonStatus.PARTIALLY_SHIPPED, AmazonStatus.SHIPPED,
                AmazonStatus.CANCELLED);
        assertThat(seller.orders()).anySatisfy(o -> assertThat(o.delivered()).isTrue());
    }

    @Test
    void lastUpdatedBeforeBoundsTheWindow() {
        Instant from = NOW.minus(Duration.ofDays(10));
        Instant to = NOW.minus(Duration.ofDays(5));
        List<JsonNode> orders = client.pageAll(token, "lastUpdatedAfter=" + from + "&lastUpdatedBefore=" + to, null);
        assertThat(orders).isNotEmpty().allSatisfy(o -> assertThat(Instant.parse(o.path("lastUpdatedTime")
                .asString())).isBetween(from, to));
        assertThat(AmazonHttp.json(client.search("lastUpdatedAfter=" + from + "&lastUpdatedBefore=" + to, token))
                .path("lastUpdatedBefore").asString()).isEqualTo(to.toString());
    }

    private static Set<String> ids(List<JsonNode> orders) {
        return orders.stream().map(o -> o.path("orderId").asString()).collect(Collectors.toSet());
    }
}
