package dev.esm.shipping.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.ApplicationModuleListener;

import dev.esm.platform.ActingOperator;
import dev.esm.shipping.TrackingPushProperties;
import dev.esm.shipping.TrackingPushes;
import dev.esm.stores.StoreConnected;

/**
 * The durable side of the tracking push outbox (ADR 10): a db-scheduler recurring task, run by one scheduler node at
 * a time, that works every push that is due (pending and due, or claimed by a node whose lease ran out). The task is
 * a bean of db-scheduler's {@link RecurringTask} type, which the node's scheduler (orders'
 * {@code OrderSyncConfiguration}) starts along with its own tasks.
 */
@Configuration(proxyBeanMethods = false)
class TrackingPushJob {

    static final String POLL = "tracking-push-poll";
    private static final Logger log = LoggerFactory.getLogger(TrackingPushJob.class);

    @Bean
    RecurringTask<Void> trackingPushPoll(TrackingPushProperties properties, ObjectProvider<TrackingPushes> pushes) {
        return Tasks.recurring(POLL, FixedDelay.of(properties.pollInterval()))
                .execute((instance, context) -> {
                    int due = pushes.getObject().runDue();
                    if (due > 0) {
                        log.debug("Worked {} due tracking pushes", due);
                    }
                });
    }

    /** A reconnected store's pushes that waited for it are due at once. */
    @Bean
    Reconnects trackingPushReconnects(TrackingPushJournal journal) {
        return new Reconnects(journal);
    }

    static class Reconnects {
        private final TrackingPushJournal journal;

        Reconnects(TrackingPushJournal journal) {
            this.journal = journal;
        }

        /** After the store's transaction committed, in a transaction of its own acting for the owner (ADR 24). */
        @ApplicationModuleListener
        void onConnected(StoreConnected event) {
            ActingOperator.runAs(event.ownerId(), () -> journal.reconnected(event.storeId()));
        }
    }
}
