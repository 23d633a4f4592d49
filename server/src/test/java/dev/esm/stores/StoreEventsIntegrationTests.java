package dev.esm.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.PublishedEvents;
import org.springframework.modulith.test.PublishedEventsExtension;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.platform.ActingOperator;
import dev.esm.shared.Marketplace;

/**
 * Connecting a store schedules its order sync and removing it takes the sync off the schedule, both through events
 * handled after the commit (ADR 24).
 */
@ExtendWith(PublishedEventsExtension.class)
class StoreEventsIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    Stores stores;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aConnectedStoreIsScheduledForSyncAndARemovedOneLeavesTheSchedule(PublishedEvents events) {
        TestOperator owner = operators.create("Store Events Owner");
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Coming and going",
                TestSandbox.walmartCredentials("events-" + UUID.randomUUID(), "secret-" + UUID.randomUUID()),
                "test").id());
        assertThat(events.ofType(StoreConnected.class).matching(StoreConnected::storeId, store)).singleElement()
                .satisfies(event -> assertThat(event.ownerId()).isEqualTo(owner.id()));
        await().atMost(WAIT).until(() -> scheduledSyncs(store) == 1);

        ActingOperator.runAs(owner.id(), () -> stores.remove(store, "test"));
        assertThat(events.ofType(StoreDisconnected.class).matching(StoreDisconnected::storeId, store))
                .singleElement().isEqualTo(new StoreDisconnected(store, owner.id(), Marketplace.WALMART));
        await().atMost(WAIT).until(() -> scheduledSyncs(store) == 0);
    }

    private int scheduledSyncs(UUID store) {
        return jdbc.sql("select count(*) from esm.scheduled_tasks where task_name = 'order-sync' and task_instance = ?")
                .param(store.toString()).query(Integer.class).single();
    }
}
