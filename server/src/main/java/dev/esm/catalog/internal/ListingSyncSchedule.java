package dev.esm.catalog.internal;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import dev.esm.catalog.CatalogProperties;
import dev.esm.platform.ActingOperator;
import dev.esm.stores.StoreConnected;
import dev.esm.stores.StoreException;

/**
 * The listing sync on the node's db-scheduler (the one the order sync runs on; a {@link RecurringTask} bean is started
 * by it): every 30 seconds one node scans the stores whose listing scan is due ({@code esm.listing_sync_due}: ids
 * only), each acting for its owner. A store's credentials set (connected, reconnected) make its scan due at once.
 */
@Configuration(proxyBeanMethods = false)
class ListingSyncSchedule {

    static final String TASK = "listing-sync";
    private static final Logger log = LoggerFactory.getLogger(ListingSyncSchedule.class);

    @Bean
    RecurringTask<Void> listingSync(SyncListings sync, JdbcClient jdbc, CatalogProperties properties) {
        return Tasks.recurring(TASK, FixedDelay.of(Duration.ofSeconds(30)))
                .execute((instance, context) -> {
                    if (properties.enabled()) {
                        runDue(sync, jdbc, properties.storesPerRun());
                    }
                });
    }

    /** Scans the stores that are due, at most {@code limit}; returns how many scans ran. */
    static int runDue(SyncListings sync, JdbcClient jdbc, int limit) {
        record Due(UUID store, UUID owner) {
        }
        List<Due> due = jdbc.sql("select store_id, owner_id from esm.listing_sync_due(?)").param(limit)
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
        int ran = 0;
        for (Due d : due) {
            try {
                ActingOperator.runAs(d.owner(), () -> sync.sync(d.store()));
                ran++;
            } catch (StoreException gone) {
                log.debug("Store {} is gone; no listing sync", d.store());
            }
        }
        return ran;
    }

    /** A store whose credentials were just set is scanned at the next run. */
    @Component
    static class Connections {

        private final JdbcClient jdbc;

        Connections(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @ApplicationModuleListener
        void on(StoreConnected event) {
            ActingOperator.runAs(event.ownerId(), () -> {
                jdbc.sql("""
                                insert into esm.listing_sync (store_id, next_sync_at) values (?, now())
                                on conflict (store_id) do update set next_sync_at = now()""")
                        .param(event.storeId()).update();
            });
        }
    }
}
