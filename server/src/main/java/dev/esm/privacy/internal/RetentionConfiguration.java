package dev.esm.privacy.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.esm.privacy.RetentionProperties;
import dev.esm.privacy.RetentionSweep;

/**
 * The retention sweep as a db-scheduler recurring task ({@code buyer-retention}): its one execution row makes it run
 * on one node at a time, every {@code esm.privacy.retention.interval}; a node that died mid-sweep leaves nothing
 * half-done that matters (each batch commits on its own, and erasing twice changes nothing).
 */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    static final String TASK = "buyer-retention";

    @Bean
    RecurringTask<Void> buyerRetentionTask(RetentionProperties properties, ObjectProvider<RetentionSweep> sweep) {
        return Tasks.recurring(TASK, FixedDelay.of(properties.interval()))
                .execute((instance, context) -> {
                    if (properties.enabled()) {
                        sweep.getObject().sweep();
                    }
                });
    }
}
