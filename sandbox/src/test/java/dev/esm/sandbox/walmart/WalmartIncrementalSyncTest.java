package dev.esm.sandbox.walmart;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class WalmartIncrementalSyncTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private final SandboxClock clock = SandboxClock.fixed(NOW);
    private WalmartSimulator walmart;
    private WalmartSeller seller;
    private WalmartHttp client;
    private String token;

    @BeforeEach
    void start() {
        walmart = new WalmartSimulator(clock, 3).start(0).setQuotasEnabled(false);
        seller = walmart.registerSeller("inc-client", "inc-secret").generateOrders(2000);
        client = new WalmartHttp(walmart.baseUrl());
        token = client.token(seller);
    }

    @AfterEach
    void stop() {
        walmart.close();
    }

    @Test
    void onlyOrdersModifiedSinceTheStartDateAreListed() {
        Instant since = NOW.minus(Duration.ofDays(2));
        Set<String> listed = ids(client.pageAll(token,
                "?limit=200&lastModifiedStartDate=" + DateTimeFormatter.ISO_INSTANT.format(since), null));

        Set<String> expected = seller.purchaseOrderIds().stream()
                .filter(id -> seller.lastModified(id) >= since.toEpochMilli())
                .collect(Collectors.toSet());
        assertThat(expected).isNotEmpty().hasSizeLessThan(seller.orderCount());
        assertThat(listed).isEqualTo(expected);
    }

    @Test
    void afterATickTheNewAndChangedOrdersAppear() {
        Instant before = NOW.plusSeconds(1);
        clock.advance(Duration.ofMinutes(5));
        Set<String> quiet = ids(client.pageAll(token, "?lastModifiedStartDate=" + before, null));
        assertThat(quiet).isEmpty();

        WalmartSeller.TickResult tick = seller.tick(4, 6);
        assertThat(tick.created()).hasSize(4);
        assertThat(tick.changed()).hasSize(6);

        Set<String> changed = ids(client.pageAll(token, "?limit=200&lastModifiedStartDate=" + before, null));
        Set<String> expected = new HashSet<>(tick.created());
        expected.addAll(tick.changed());
        assertThat(changed).isEqualTo(expected);

        // new orders are Created and dated now
        for (String id : tick.created()) {
            WalmartOrder order = seller.order(id).orElseThrow();
            assertThat(order.orderDate()).isEqualTo(clock.millis());
            assertThat(order.lines()).allSatisfy(l -> assertThat(l.statuses().get(0).status())
                    .isEqualTo(WalmartStatus.CREATED));
        }
    }

    @Test
    void ticksMoveStatusesForward() {
        clock.advance(Duration.ofMinutes(1));
        WalmartSeller.TickResult tick = seller.tick(0, 20);
        for (String id : tick.changed()) {
            WalmartOrder order = seller.order(id).orElseThrow();
            assertThat(order.lastModified()).isEqualTo(clock.millis());
            assertThat(order.lines()).anySatisfy(l -> assertThat(l.statusDate()).isEqualTo(clock.millis()));
        }
    }

    @Test
    void endDateBoundsTheWindow() {
        String from = DateTimeFormatter.ISO_INSTANT.format(NOW.minus(Duration.ofDays(10)));
        String to = DateTimeFormatter.ISO_INSTANT.format(NOW.minus(Duration.ofDays(5)));
        List<JsonNode> orders = client.pageAll(token,
                "?limit=200&lastModifiedStartDate=" + from + "&lastModifiedEndDate=" + to, null);
        assertThat(orders).isNotEmpty().allSatisfy(o -> {
            long lm = seller.lastModified(o.path("purchaseOrderId").asString());
            assertThat(lm).isBetween(NOW.minus(Duration.ofDays(10)).toEpochMilli(),
                    NOW.minus(Duration.ofDays(5)).toEpochMilli());
        });
    }

    private static Set<String> ids(List<JsonNode> orders) {
        return orders.stream().map(o -> o.path("purchaseOrderId").asString()).collect(Collectors.toSet());
    }
}
