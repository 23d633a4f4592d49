package dev.esm.sandbox.amazon;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AmazonGenerationTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    @Test
    void theSameSeedGivesTheSameOrders() {
        List<AmazonOrder> first = generate(42, 300);
        List<AmazonOrder> second = generate(42, 300);
        List<AmazonOrder> other = generate(43, 300);
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void ordersArePlausible() {
        List<AmazonOrder> orders = generate(7, 2000);
        Map<AmazonStatus, Integer> counts = new EnumMap<>(AmazonStatus.class);
        Set<String> ids = new HashSet<>();
        for (AmazonOrder o : orders) {
            counts.merge(o.status(), 1, Integer::sum);
            assertThat(ids.add(o.orderId())).isTrue();
            assertThat(o.createdTime()).isBetween(NOW.minus(Duration.ofDays(30)), NOW);
            assertThat(o.lastUpdatedTime()).isBetween(o.createdTime(), NOW);
            assertThat(o.latestShip()).isAfter(o.createdTime());
            assertThat(o.latestDelivery()).isAfter(o.latestShip());
            assertThat(o.buyer().phone()).matches("\\d{3}55501\\d{2}");
            assertThat(AmazonJson.phone(o.buyer())).matches("\\+1 \\d{3}-555-01\\d{2}");
            assertThat(o.items()).isNotEmpty().allSatisfy(i -> {
                assertThat(i.sellerSku()).startsWith("AMZ-");
                assertThat(i.orderItemId()).matches("[1-9]\\d{13}");
                assertThat(i.unitPriceCents()).isBetween(499L, 24_999L);
            });
            int shipped = o.items().stream().mapToInt(AmazonOrderItem::quantityShipped).sum();
            int ordered = o.items().stream().mapToInt(AmazonOrderItem::quantityOrdered).sum();
            switch (o.status()) {
                case SHIPPED -> assertThat(shipped).isEqualTo(ordered);
                case PARTIALLY_SHIPPED -> assertThat(shipped).isBetween(1, ordered - 1);
                default -> assertThat(shipped).isZero();
            }
            assertThat(o.packages().isEmpty()).isEqualTo(shipped == 0);
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrder(AmazonStatus.values());
        assertThat(counts.get(AmazonStatus.SHIPPED)).isGreaterThan(counts.get(AmazonStatus.PENDING));
        assertThat(orders).anySatisfy(o -> assertThat(o.delivered()).isTrue());
    }

    private static List<AmazonOrder> generate(long seed, int count) {
        try (AmazonSimulator amazon = new AmazonSimulator(SandboxClock.fixed(NOW), seed)) {
            return amazon.registerSeller().generateOrders(count, Duration.ofDays(30)).orders();
        }
    }
}
