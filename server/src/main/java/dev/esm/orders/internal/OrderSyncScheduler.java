package dev.esm.orders.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.esm.platform.quota.QuotaBuckets;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.orders.SyncProperties;
import dev.esm.orders.SyncOutcome;
import dev.esm.platform.ActingOperator;
import dev.esm.stores.StoreException;

/**
 * Order sync on db-scheduler, PostgreSQL's table of jobs shared by every node: one task instance per store (its id),
 * acting for the store's owner, rescheduled after each run; a node claims a due task with a row lock, beats a
 * heartbeat while it runs it, and a task whose node died is revived on another. Each run is rescheduled at the time
 * the sync decided from the store's quota, breaker and connection ({@link SyncOrders#nextSyncAt}). A recurring
 * reconcile task gives every connected store its task, including stores added while no node was up, and removes idle
 * quota buckets.
 */
public final class OrderSyncScheduler {

    private static final Logger log = LoggerFactory.getLogger(OrderSyncScheduler.class);
    static final String SYNC = "order-sync";
    static final String RECONCILE = "order-sync-reconcile";

    private final SyncOrders syncOrders;
    private final JdbcClient jdbc;
    private final SyncProperties properties;
    private final QuotaBuckets quotas;
    private final CustomTask<UUID> syncTask;
    private final RecurringTask<Void> reconcileTask;

    public OrderSyncScheduler(SyncOrders syncOrders, JdbcClient jdbc, SyncProperties properties, QuotaBuckets quotas) {
        this.syncOrders = syncOrders;
        this.quotas = quotas;
        this.jdbc = jdbc;
        this.properties = properties;
        this.syncTask = Tasks.custom(SYNC, UUID.class)
                .onDeadExecutionRevive()
                .execute((instance, context) -> run(instance));
        this.reconcileTask = Tasks.recurring(RECONCILE, FixedDelay.of(Duration.ofMinutes(1)))
                .execute((instance, context) -> reconcile(context.getSchedulerClient()));
    }

    /** A scheduler node on {@code dataSource}; the caller starts and stops it. */
    public Scheduler newNode(DataSource dataSource, String name) {
        return newNode(dataSource, name, properties.heartbeat());
    }

    /**
     * A node with its own heartbeat: a sync whose node has missed six heartbeats counts as dead and is revived on a
     * live node.
     */
    public Scheduler newNode(DataSource dataSource, String name, Duration heartbeat) {
        return newNode(dataSource, name, heartbeat, List.of());
    }

    /**
     * A node that also runs recurring tasks of other modules (e.g. shipping's tracking push poller), on the same
     * table, threads and heartbeats.
     */
    public Scheduler newNode(DataSource dataSource, String name, Duration heartbeat, List<RecurringTask<?>> more) {
        List<RecurringTask<?>> recurring = new java.util.ArrayList<>(more);
        recurring.add(0, reconcileTask);
        return Scheduler.create(dataSource, List.of(syncTask))
                .startTasks(recurring)
                .tableName("scheduled_tasks")
                .schedulerName(new SchedulerName.Fixed(name))
                .threads(properties.schedulerThreads())
                .heartbeatInterval(heartbeat)
                .pollingInterval(Duration.ofSeconds(2))
                .pollUsingLockAndFetch(0.5, 1.0)
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
    }

    /** Asks for a sync of the store now (or as soon as its running sync ends). */
    public void syncSoon(SchedulerClient scheduler, UUID storeId, UUID ownerId) {
        TaskInstance<UUID> instance = syncTask.instance(storeId.toString(), ownerId);
        if (!scheduler.scheduleIfNotExists(instance, Instant.now())) {
            try {
                scheduler.reschedule(instance, Instant.now());
            } catch (RuntimeException running) {
                log.debug("Sync of store {} is running; it will continue on its schedule", storeId);
            }
        }
    }

    /**
     * Takes a removed store's sync off the schedule. A sync running now is left to end: it finds the store gone and
     * removes its task itself; a store whose task is already gone has nothing to stop.
     * @return whether a scheduled sync was cancelled
     */
    public boolean stopSync(SchedulerClient scheduler, UUID storeId) {
        TaskInstanceId id = TaskInstanceId.of(SYNC, storeId.toString());
        if (scheduler.getScheduledExecution(id).map(execution -> execution.isPicked()).orElse(true)) {
            return false;
        }
        try {
            scheduler.cancel(id);
            return true;
        } catch (RuntimeException racing) {
            log.debug("Sync of store {} started or ended meanwhile; it stops by itself", storeId);
            return false;
        }
    }

    private CompletionHandler<UUID> run(TaskInstance<UUID> instance) {
        UUID storeId = UUID.fromString(instance.getId());
        // this node holds the store's only sync execution now: a run still RUNNING is a dead node's
        int interrupted = interruptRuns(storeId, Duration.ZERO);
        if (interrupted > 0) {
            log.info("Closed {} sync runs of store {} left running by a node that died", interrupted, storeId);
        }
        try {
            Instant next = ActingOperator.runAs(instance.getData(), () -> {
                SyncOutcome outcome = syncOrders.sync(storeId);
                log.debug("Store {} synced: {}", storeId, outcome.getClass().getSimpleName());
                return syncOrders.nextSyncAt(storeId).orElse(Instant.now().plus(properties.interval()));
            });
            return (complete, operations) -> operations.reschedule(complete, next);
        } catch (StoreException gone) {
            log.info("Store {} is gone; its order sync stops", storeId);
            return (complete, operations) -> operations.remove();
        }
    }

    /**
     * Closes as INTERRUPTED the sync runs no live node can still be running: older than {@code deadAfter}, of a store
     * whose sync task no node holds with a heartbeat newer than that. Zero when this is the only node there can be
     * (the embedded database, at start).
     */
    public int interruptOrphanedRuns(Duration deadAfter) {
        int interrupted = interruptRuns(null, deadAfter);
        if (interrupted > 0) {
            log.info("Closed {} sync runs left running by nodes that died", interrupted);
        }
        return interrupted;
    }

    /**
     * Hands back every task execution still marked as picked, due now: for the only node there can be (the embedded
     * database), at start, when they can only be a dead process's; saves waiting for six missed heartbeats.
     */
    public int releaseDeadExecutions() {
        int released = jdbc.sql("""
                update scheduled_tasks set picked = false, picked_by = null, last_heartbeat = null,
                       execution_time = least(execution_time, now()), version = version + 1
                 where picked""").update();
        if (released > 0) {
            log.info("Released {} scheduled executions of a process that died", released);
        }
        return released;
    }

    /** How long a node may miss heartbeats before db-scheduler (and the sweep) counts it dead: six of them. */
    public Duration deadAfter() {
        return properties.heartbeat().multipliedBy(6);
    }

    private int interruptRuns(UUID store, Duration deadAfter) {
        return jdbc.sql("select esm.interrupt_sync_runs(?, make_interval(secs => ?))")
                .params(store, deadAfter.toMillis() / 1000.0).query(Integer.class).single();
    }

    private void reconcile(SchedulerClient scheduler) {
        interruptOrphanedRuns(deadAfter());
        int removed = quotas.removeExpired();
        if (removed > 0) {
            log.debug("Removed {} idle quota buckets", removed);
        }
        jdbc.sql("select store_id, owner_id from esm.order_sync_targets()")
                .query((rs, n) -> syncTask.instance(rs.getObject(1, UUID.class).toString(), rs.getObject(2, UUID.class)))
                .list()
                .forEach(instance -> scheduler.scheduleIfNotExists(instance, Instant.now()));
    }
}
