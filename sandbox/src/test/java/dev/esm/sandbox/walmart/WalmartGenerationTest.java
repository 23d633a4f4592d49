package dev.esm.sandbox.walmart;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WalmartGenerationTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    @Test
    void twoHundredThousandOrdersAcrossTwentySellersAreQuickAndSmall() {
        Runtime rt = Runtime.getRuntime();
        long heapBefore = usedHeap(rt);
        long started = System.nanoTime();

        WalmartSimulator walmart = new WalmartSimulator(SandboxClock.fixed(NOW), 42);
        List<WalmartSeller> sellers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sellers.add(walmart.registerSeller().generateOrders(10_000));
        }
        long generatedMs = (System.nanoTime() - started) / 1_000_000;
        long heapAfter = usedHeap(rt);

        long buildStarted = System.nanoTime();
        Map<WalmartStatus, Integer> lineStatuses = new EnumMap<>(WalmartStatus.class);
        int lines = 0;
        for (int i = 0; i < 10_000; i++) {
            WalmartOrder order = sellers.get(0).order(sellers.get(0).purchaseOrderId(i)).orElseThrow();
            for (WalmartOrderLine line : order.lines()) {
                lines++;
                line.statuses().forEach(s -> lineStatuses.merge(s.status(), 1, Integer::sum));
            }
        }
        long buildMs = (System.nanoTime() - buildStarted) / 1_000_000;

        int total = sellers.stream().mapToInt(WalmartSeller::orderCount).sum();
        long retained = Math.max(0, heapAfter - heapBefore);
        System.out.printf("[generation] %d orders (20 sellers x 10,000) generated in %d ms; retained heap ~%.1f MB"
                + " (~%d bytes/order); materialised 10,000 full orders (%d lines) in %d ms; line statuses %s%n",
                total, generatedMs, retained / 1e6, retained / total, lines, buildMs, lineStatuses);

        assertThat(total).isEqualTo(200_000);
        assertThat(retained).isLessThan(64L * 1024 * 1024);
        assertThat(sellers).allSatisfy(s -> assertThat(s.changedOrderCount()).isZero());
        int created = lineStatuses.getOrDefault(WalmartStatus.CREATED, 0);
        int acknowledged = lineStatuses.getOrDefault(WalmartStatus.ACKNOWLEDGED, 0);
        assertThat(created + acknowledged).isGreaterThan(lines / 2);
        assertThat(lineStatuses).containsKeys(WalmartStatus.SHIPPED, WalmartStatus.DELIVERED, WalmartStatus.CANCELLED);
    }

    @Test
    void theSameSeedGivesTheSameOrders() {
        WalmartSeller a = seller(9, 50);
        WalmartSeller b = seller(9, 50);
        WalmartSeller c = seller(10, 50);
        for (int i = 0; i < 50; i++) {
            String id = a.purchaseOrderId(i);
            String ja = WalmartJson.order(a.order(id).orElseThrow()).toString();
            assertThat(ja).isEqualTo(WalmartJson.order(b.order(id).orElseThrow()).toString());
        }
        assertThat(WalmartJson.order(a.order(a.purchaseOrderId(0)).orElseThrow()).toString())
                .isNotEqualTo(WalmartJson.order(c.order(c.purchaseOrderId(0)).orElseThrow()).toString());
    }

    @Test
    void generatedDatesAreConsistent() {
        WalmartSeller s = seller(4, 2000);
        long now = NOW.toEpochMilli();
        for (String id : s.purchaseOrderIds()) {
            WalmartOrder o = s.order(id).orElseThrow();
            assertThat(o.orderDate()).isBetween(now - 30L * 86_400_000, now);
            assertThat(o.lastModified()).isBetween(o.orderDate(), now);
            long shipDays = (o.shippingInfo().estimatedShipDate() - o.orderDate() + 3_600_000) / 86_400_000;
            assertThat(shipDays).isBetween(1L, 5L);
            assertThat(o.lines()).allSatisfy(l -> assertThat(l.statusDate()).isEqualTo(o.lastModified()));
        }
    }

    private static WalmartSeller seller(long seed, int orders) {
        return new WalmartSimulator(SandboxClock.fixed(NOW), seed).registerSeller("same", "s").generateOrders(orders);
    }

    private static long usedHeap(Runtime rt) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
