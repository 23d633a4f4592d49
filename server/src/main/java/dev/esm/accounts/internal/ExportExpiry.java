package dev.esm.accounts.internal;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes data exports 24 hours after they were ready (ADR 34): a db-scheduler recurring task (one scheduler node at a
 * time, every 10 minutes) calling the definer function {@code esm.account_exports_expire()}, the one cross-tenant
 * change of exports. Until then an expired export is neither listed nor downloadable.
 */
@Configuration(proxyBeanMethods = false)
class ExportExpiry {

    private static final Logger log = LoggerFactory.getLogger(ExportExpiry.class);
    static final String TASK = "account-export-expiry";

    @Bean
    RecurringTask<Void> accountExportExpiry(JdbcClient jdbc) {
        return Tasks.recurring(TASK, FixedDelay.of(Duration.ofMinutes(10)))
                .execute((instance, context) -> {
                    Integer removed = jdbc.sql("select esm.account_exports_expire()").query(Integer.class).single();
                    if (removed != null && removed > 0) {
                        log.info("{} expired data exports deleted", removed);
                    }
                });
    }
}
