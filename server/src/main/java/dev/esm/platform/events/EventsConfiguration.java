package dev.esm.platform.events;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * The outbox's retry while nodes run (ADR 24): a db-scheduler recurring task, run by one scheduler node at a time,
 * that hands every event publication still incomplete after {@link #AFTER} to its listener again (a listener that
 * failed, or a node that died before its listener finished). A node's start does the same for all incomplete
 * publications ({@code spring.modulith.events.republish-outstanding-events-on-restart}). Listeners are therefore
 * written to be harmless when repeated. The task is a bean of db-scheduler's {@link RecurringTask} type, which the
 * node's scheduler starts along with its own tasks.
 */
@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

    static final String TASK = "event-resubmission";
    /** Longer than any listener takes, so a publication being handled now is not handed out twice. */
    static final Duration AFTER = Duration.ofMinutes(5);

    @Bean
    RecurringTask<Void> eventResubmission(ObjectProvider<IncompleteEventPublications> publications) {
        return Tasks.recurring(TASK, FixedDelay.of(Duration.ofMinutes(1)))
                .execute((instance, context) -> publications.getObject()
                        .resubmitIncompletePublicationsOlderThan(AFTER));
    }
}
