package dev.esm.orders.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.esm.platform.quota.QuotaBuckets;
import dev.esm.platform.quota.QuotaPolicy;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.orders.SyncProperties;
import dev.esm.platform.Deployment;

@Configuration(proxyBeanMethods = false)
class OrderSyncConfiguration {

    /** The shared buckets' policy from {@code esm.orders.sync.quota-headroom}, {@code max-rate-wait}, {@code quotas}. */
    @Bean
    QuotaPolicy quotaPolicy(SyncProperties properties) {
        return properties.quotaPolicy();
    }

    @Bean
    OrderSyncScheduler orderSyncScheduler(SyncOrders syncOrders, JdbcClient jdbc, SyncProperties properties,
                                          QuotaBuckets quotas) {
        return new OrderSyncScheduler(syncOrders, jdbc, properties, quotas);
    }

    /**
     * This node's scheduler; it starts when the application is ready, unless syncs are off on this node. Besides order
     * sync it runs the recurring tasks other modules declare as beans (shipping's tracking push poller).
     */
    @Bean
    SchedulerNode schedulerNode(OrderSyncScheduler tasks, DataSource dataSource, SyncProperties properties,
                                ObjectProvider<RecurringTask<?>> moduleTasks, Deployment deployment) {
        String name = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        // on the embedded database this server is the only node there can be (it holds the data directory's lock):
        // whatever is running or picked at start belongs to a process that died
        Runnable atStart = deployment.embedded()
                ? () -> {
                    tasks.interruptOrphanedRuns(Duration.ZERO);
                    tasks.releaseDeadExecutions();
                }
                : () -> tasks.interruptOrphanedRuns(tasks.deadAfter());
        return new SchedulerNode(tasks.newNode(dataSource, name, properties.heartbeat(),
                moduleTasks.orderedStream().toList()), properties.scheduler(), atStart);
    }

    /** Scheduling works from every node, whether or not it runs syncs itself. */
    @Bean
    SchedulerClient orderSyncClient(SchedulerNode node) {
        return node.scheduler();
    }

    /**
     * Starts once the application is ready (after migrations and start-up tasks such as the demo seed), stops with
     * the context. Before it starts, the sync runs dead nodes left RUNNING are closed (on every node, even one that
     * runs no syncs).
     */
    static final class SchedulerNode implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

        private final Scheduler scheduler;
        private final boolean enabled;
        private final Runnable atStart;
        private volatile boolean started;
        private boolean swept;

        SchedulerNode(Scheduler scheduler, boolean enabled, Runnable atStart) {
            this.scheduler = scheduler;
            this.enabled = enabled;
            this.atStart = atStart;
        }

        Scheduler scheduler() {
            return scheduler;
        }

        @Override
        public synchronized void onApplicationEvent(ApplicationReadyEvent event) {
            if (!swept) {
                // sync runs a dead node left RUNNING are closed before this node syncs anything
                atStart.run();
                swept = true;
            }
            if (enabled && !started) {
                scheduler.start();
                started = true;
            }
        }

        @Override
        public synchronized void destroy() {
            if (started) {
                scheduler.stop();
                started = false;
            }
        }
    }
}
