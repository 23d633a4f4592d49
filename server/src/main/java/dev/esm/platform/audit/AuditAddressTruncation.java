package dev.esm.platform.audit;

import java.time.Clock;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.esm.platform.Maintenance;

/**
 * Audit entries keep the client's full address for {@code esm.platform.audit.address-retention} (30 days), then only
 * its network (IPv4 /24, IPv6 /48: {@code 203.0.113.7} becomes {@code 203.0.113.0}). A db-scheduler recurring task
 * (one node runs it at a time; the node's scheduler starts every {@link RecurringTask} bean) cuts them as the owner,
 * since the runtime role may not change an audit entry, in batches that skip rows another sweep holds. The cut-off
 * comes from the application's clock.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditAddressTruncation {

    static final String TASK = "audit-address-truncation";
    private static final Logger log = LoggerFactory.getLogger(AuditAddressTruncation.class);

    private final Maintenance maintenance;
    private final AuditProperties properties;
    private final Clock clock;

    AuditAddressTruncation(Maintenance maintenance, AuditProperties properties, Clock clock) {
        this.maintenance = maintenance;
        this.properties = properties;
        this.clock = clock;
    }

    @Bean
    RecurringTask<Void> auditAddressTruncationTask() {
        return Tasks.recurring(TASK, FixedDelay.of(properties.sweepEvery()))
                .execute((instance, context) -> sweep());
    }

    /** Cuts every address older than the retention now; returns how many entries it cut. */
    public int sweep() {
        Instant before = clock.instant().minus(properties.addressRetention());
        int total = 0;
        int cut;
        do {
            cut = maintenance.truncateAuditAddresses(before, properties.batch(), TASK);
            total += cut;
        } while (cut == properties.batch());
        if (total > 0) {
            log.info("Audit addresses cut to their network: {} entries", total);
        }
        return total;
    }
}
