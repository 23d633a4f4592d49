package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;
import dev.esm.shared.OrderStatus;
import dev.esm.orders.internal.SyncOrders;

/**
 * What the events outbox costs a 10,000-order backfill (ADR 24). With no listener of {@link OrderImported} (today) the
 * registry stores nothing and publishing is an in-memory call per order. Each listener added later costs one row per
 * order: inserted in the page's transaction, updated when its listener starts, deleted when it completes. This test
 * syncs 10,000 orders, then puts the same 10,000 events through the real registry for one listener, a page of 200 per
 * transaction as the sync writes them, and prints both times.
 */
@EnabledIfSystemProperty(named = "esm.measure", matches = "true",
        disabledReason = "a measurement (minutes), not a check: -Desm.measure=true runs it; see docs/benchmarks.md")
class OrderEventCostIntegrationTests extends IntegrationTest {

    private static final int ORDERS = 10_000;
    private static final int PAGE = 200;

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    EventPublicationRegistry registry;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aBackfillOfTenThousandOrdersAndTheOutboxRowsOneListenerWouldAdd() {
        TestOperator owner = operators.create("Backfill Seller");
        String clientId = "backfill-" + UUID.randomUUID();
        WalmartSeller walmart = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        walmart.generateOrders(ORDERS, Duration.ofDays(20));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Backfill",
                new StoreCredentials.Walmart(clientId, walmart.clientSecret()), "test").id());

        long syncStart = System.nanoTime();
        SyncRun run = ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store)).recorded().orElseThrow();
        long syncNanos = System.nanoTime() - syncStart;
        assertThat(run.ordersChanged()).isEqualTo(ORDERS);
        List<UUID> ids = ActingOperator.runAs(owner.id(), () -> transactions.execute(status -> jdbc
                .sql("select id from customer_order where store_id = ?").param(store).query(UUID.class).list()));
        assertThat(ids).hasSize(ORDERS);
        // no listener of OrderImported: nothing was stored for the backfill
        assertThat(publications(store)).isZero();

        PublicationTargetIdentifier listener = PublicationTargetIdentifier.of("cost-probe-" + UUID.randomUUID());
        List<OrderImported> events = ids.stream().map(id -> new OrderImported(id, store, OrderStatus.UNSHIPPED))
                .toList();
        long storeStart = System.nanoTime();
        for (int from = 0; from < events.size(); from += PAGE) {
            List<OrderImported> page = events.subList(from, Math.min(events.size(), from + PAGE));
            transactions.executeWithoutResult(status -> page.forEach(e -> registry.store(e, Stream.of(listener))));
        }
        long storeNanos = System.nanoTime() - storeStart;
        assertThat(publications(store)).isEqualTo(ORDERS);

        long completeStart = System.nanoTime();
        for (OrderImported event : events) {
            registry.markProcessing(event, listener);
            registry.markCompleted(event, listener);
        }
        long completeNanos = System.nanoTime() - completeStart;
        assertThat(publications(store)).isZero();

        List<String> report = new ArrayList<>();
        report.add("sync of %d orders: %d ms".formatted(ORDERS, syncNanos / 1_000_000));
        report.add("outbox rows of one listener, stored in the pages' transactions: %d ms (%.0f µs per order, %.1f %%)"
                .formatted(storeNanos / 1_000_000, storeNanos / 1000.0 / ORDERS, 100.0 * storeNanos / syncNanos));
        report.add("marked processing and completed after the commit (off the sync's path): %d ms (%.0f µs per order)"
                .formatted(completeNanos / 1_000_000, completeNanos / 1000.0 / ORDERS));
        report.forEach(line -> System.out.println("[event cost] " + line));
    }

    private int publications(UUID store) {
        return jdbc.sql("select count(*) from esm.event_publication where serialized_event like ?")
                .param("%" + store + "%").query(Integer.class).single();
    }
}
