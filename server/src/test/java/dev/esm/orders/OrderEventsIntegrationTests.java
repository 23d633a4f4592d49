package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.PublishedEvents;
import org.springframework.modulith.test.PublishedEventsExtension;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;
import dev.esm.orders.internal.SyncOrders;

/** The order sync tells the other modules what it stored: one event per new or changed order, none for the rest. */
@ExtendWith(PublishedEventsExtension.class)
class OrderEventsIntegrationTests extends IntegrationTest {

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void everyNewOrderIsImportedOnceEveryChangedOrderChangedAndAnUnchangedOneIsSilent(PublishedEvents events) {
        TestOperator owner = operators.create("Order Events Seller");
        String clientId = "events-" + UUID.randomUUID();
        WalmartSeller walmart = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        walmart.generateOrders(30, Duration.ofDays(5));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Events",
                new StoreCredentials.Walmart(clientId, walmart.clientSecret()), "test").id());

        ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store));
        Map<UUID, String> stored = statuses(owner, store);
        assertThat(stored).hasSize(30);
        var imported = events.ofType(OrderImported.class).matching(OrderImported::storeId, store);
        assertThat(imported).hasSize(30);
        assertThat(imported).allSatisfy(event ->
                assertThat(event.status().name()).isEqualTo(stored.get(event.orderId())));
        assertThat(imported).extracting(OrderImported::orderId).containsExactlyInAnyOrderElementsOf(stored.keySet());

        // a repeat stores nothing and says nothing
        ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store));
        assertThat(events.ofType(OrderImported.class).matching(OrderImported::storeId, store)).hasSize(30);
        assertThat(events.ofType(OrderChanged.class).matching(OrderChanged::storeId, store)).isEmpty();

        WalmartSeller.TickResult tick = walmart.tick(2, 4);
        SyncRun next = ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store)).recorded().orElseThrow();
        Map<UUID, String> after = statuses(owner, store);
        var changed = events.ofType(OrderChanged.class).matching(OrderChanged::storeId, store);
        assertThat(events.ofType(OrderImported.class).matching(OrderImported::storeId, store)).hasSize(32);
        assertThat(changed).hasSize(next.ordersChanged() - 2).hasSizeGreaterThanOrEqualTo(tick.changed().size());
        assertThat(changed).allSatisfy(event -> {
            assertThat(stored).containsKey(event.orderId());
            assertThat(event.previousStatus().name()).isEqualTo(stored.get(event.orderId()));
            assertThat(event.status().name()).isEqualTo(after.get(event.orderId()));
        });
    }

    private Map<UUID, String> statuses(TestOperator owner, UUID store) {
        Map<UUID, String> statuses = new HashMap<>();
        List<Map<String, Object>> rows = ActingOperator.runAs(owner.id(), () -> transactions.execute(status -> jdbc
                .sql("select id, status from customer_order where store_id = ?").param(store).query().listOfRows()));
        rows.forEach(row -> statuses.put((UUID) row.get("id"), (String) row.get("status")));
        return statuses;
    }
}
