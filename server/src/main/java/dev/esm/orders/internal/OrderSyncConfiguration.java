package dev.esm.orders.internal;

import java.lang.management.ManagementFactory;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.esm.orders.SyncOrders;
import dev.esm.orders.SyncProperties;

@Configuration(proxyBeanMethods = false)
class OrderSyncConfiguration {

    @Bean
    OrderSyncScheduler orderSyncScheduler(SyncOrders syncOrders, JdbcClient jdbc, SyncProperties properties) {
        return new OrderSyncScheduler(syncOrders, jdbc, properties);
    }

    /** This node's scheduler; it starts with the application (after migrations) unless syncs are off here. */
    @Bean
    SchedulerNode schedulerNode(OrderSyncScheduler tasks, DataSource dataSource, SyncProperties properties) {
        String name = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new SchedulerNode(tasks.newNode(dataSource, name), properties.scheduler());
    }

    /** Scheduling works from every node, whether or not it runs syncs itself. */
    @Bean
    SchedulerClient orderSyncClient(SchedulerNode node) {
        return node.scheduler();
    }

    static final class SchedulerNode implements SmartLifecycle {

        private final Scheduler scheduler;
        private final boolean enabled;
        private volatile boolean running;

        SchedulerNode(Scheduler scheduler, boolean enabled) {
            this.scheduler = scheduler;
            this.enabled = enabled;
        }

        Scheduler scheduler() {
            return scheduler;
        }

        @Override
        public void start() {
            if (enabled) {
                scheduler.start();
            }
            running = true;
        }

        @Override
        public void stop() {
            if (enabled) {
                scheduler.stop();
            }
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return Integer.MAX_VALUE - 100;
        }
    }
}
