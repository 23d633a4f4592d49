package dev.esm.platform.jobs;

import java.lang.management.ManagementFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.esm.platform.ActingOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job facility (ADR 23): durable work items in {@code esm.job}, worked by every node that has
 * {@code esm.jobs.enabled} on.
 * <ul>
 * <li><b>Enqueue</b> in the caller's transaction ({@link #enqueue}): the job exists exactly when the work it names
 * committed; local workers of its kind are woken after the commit.</li>
 * <li><b>Claim</b>: one due job at a time (QUEUED or RETRY whose time has come, or RUNNING whose lease ran out: its
 * node died), a conditional update under {@code FOR UPDATE SKIP LOCKED}, so two nodes never hold the same job.</li>
 * <li><b>Lease and heartbeat</b>: the claim holds for the handler's lease; the node renews the lease of every job it
 * runs every {@link JobsProperties#heartbeat()}. Every change the facility makes to a claimed job is conditional on
 * the claim, so a node that lost it changes nothing.</li>
 * <li><b>Maybe sent</b>: a handler calls {@link JobAttempt#sending()} before a step that may reach the outside world;
 * the next attempt (after a lost answer, an exception or a dead node) calls {@link JobHandler#readBack} before
 * {@link JobHandler#run}, and never sends again without it.</li>
 * <li><b>Backoff with jitter</b> ({@link Backoff}) on retries, and giving up after the handler's max attempts.</li>
 * <li><b>Tenancy</b>: each attempt runs {@link ActingOperator#runAs} the job's owner; the table itself holds ids only.</li>
 * </ul>
 */
public class Jobs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);
    private static final int MAX_ERROR = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Supplier<List<JobHandler>> handlerBeans;
    private final JobsProperties properties;
    private final String node;
    private final Map<UUID, JobAttempt> running = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> signals = new ConcurrentHashMap<>();
    /** Jobs of each kind this node has under way (claimed and not finished), against the handler's in-flight limit. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private static final long OVER_LIMIT_PAUSE_MILLIS = 25;
    private final List<Thread> threads = new ArrayList<>();
    private volatile Map<String, JobHandler> handlers;
    private volatile boolean started;
    private ScheduledExecutorService heartbeat;

    Jobs(JdbcClient jdbc, TransactionTemplate transactions, Supplier<List<JobHandler>> handlerBeans,
         JobsProperties properties, String node) {
        this.jdbc = jdbc;
        TransactionTemplate own = new TransactionTemplate(transactions.getTransactionManager());
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.transactions = own;
        this.handlerBeans = handlerBeans;
        this.properties = properties;
        this.node = node;
    }

    static String nodeName() {
        return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- for the modules that own work

    /**
     * Queues a job of {@code kind} on {@code subject}, acting for {@code owner}, due now; in the caller's transaction.
     * A null owner (since V29) acts for no operator: work that acts for each operator concerned itself.
     * False when the subject already has a job of that kind (whatever its state: {@link #requeue} restarts one).
     */
    public boolean enqueue(String kind, UUID subject, UUID owner) {
        handler(kind);
        boolean added = jdbc.sql("""
                        insert into esm.job (id, kind, subject, owner_id) values (?, ?, ?, ?)
                        on conflict (kind, subject) do nothing""")
                .params(UUID.randomUUID(), kind, subject, owner).update() == 1;
        if (added) {
            wakeAfterCommit(kind);
        }
        return added;
    }

    /**
     * Makes the subject's job due again now with a fresh count of attempts (a "retry" on request): a FAILED or DONE job
     * is queued again, a waiting one is due at once, a running one is left alone. Keeps "maybe sent": a requeued job
     * that may have reached the outside world still reads back first. False when there is no such job, or it runs.
     */
    public boolean requeue(String kind, UUID subject) {
        boolean requeued = jdbc.sql("""
                        update esm.job set state = 'QUEUED', run_at = now(), attempts = 0, finished_at = null,
                            updated_at = now()
                         where kind = ? and subject = ? and state <> 'RUNNING'""").params(kind, subject).update() == 1;
        if (requeued) {
            wakeAfterCommit(kind);
        }
        return requeued;
    }

    /** Makes these subjects' waiting jobs (QUEUED or RETRY) due now; returns how many. */
    public int dueNow(String kind, Collection<UUID> subjects) {
        if (subjects.isEmpty()) {
            return 0;
        }
        int n = jdbc.sql("""
                        update esm.job set run_at = now(), updated_at = now()
                         where kind = ? and subject = any(?) and state in ('QUEUED', 'RETRY')""")
                .params(kind, subjects.toArray(UUID[]::new)).update();
        if (n > 0) {
            wakeAfterCommit(kind);
        }
        return n;
    }

    /** The subject's job as it stands. */
    public Optional<JobStatus> status(String kind, UUID subject) {
        return jdbc.sql("select * from esm.job where kind = ? and subject = ?").params(kind, subject)
                .query((rs, n) -> status(rs)).optional();
    }

    /** Claims and works, on the calling thread, the jobs of {@code kind} due now, at most {@code max}; how many. */
    public int runDue(String kind, int max) {
        int worked = 0;
        while (worked < max) {
            Optional<JobAttempt> claimed = claim(kind);
            if (claimed.isEmpty()) {
                break;
            }
            execute(claimed.get());
            worked++;
        }
        return worked;
    }

    /** Local workers of {@code kind} look for due jobs at once instead of at their next poll. */
    public void wake(String kind) {
        Semaphore signal = signals.get(kind);
        if (signal != null && signal.availablePermits() < 8) {
            signal.release();
        }
    }

    // ---- claiming and working

    Optional<JobAttempt> claim(String kind) {
        JobHandler handler = handler(kind);
        Duration lease = handler.lease();
        return transactions.execute(tx -> jdbc.sql("""
                        update esm.job j set state = 'RUNNING', claimed_by = ?,
                            lease_until = now() + ? * interval '1 millisecond', heartbeat_at = now(),
                            attempts = j.attempts + 1, updated_at = now()
                         where j.id = (select c.id from esm.job c
                                        where c.kind = ?
                                          and ((c.state in ('QUEUED', 'RETRY') and c.run_at <= now())
                                               or (c.state = 'RUNNING' and c.lease_until < now()))
                                        order by c.run_at limit 1 for update skip locked)
                        returning j.id, j.subject, j.owner_id, j.attempts, j.maybe_sent, j.sent_at""")
                .params(node, lease.toMillis(), kind)
                .query((rs, n) -> new JobAttempt(this, node, rs.getObject(1, UUID.class), kind,
                        rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getInt(4), rs.getBoolean(5),
                        instant(rs.getTimestamp(6)), lease))
                .optional());
    }

    /** Works one claimed attempt, acting for the job's owner, and records its result; false when the claim was lost. */
    boolean execute(JobAttempt attempt) {
        JobHandler handler = handler(attempt.kind());
        running.put(attempt.id(), attempt);
        try {
            JobResult result;
            try {
                result = ActingOperator.runAs(attempt.owner(), () -> attemptOnce(handler, attempt));
            } catch (RuntimeException e) {
                log.warn("Job {} {} failed unexpectedly; it will be tried again", attempt.kind(), attempt.id(), e);
                result = JobResult.backoff("Unexpected error; trying again.");
            }
            if (result == null) {
                return false;
            }
            return finish(handler, attempt, result);
        } finally {
            running.remove(attempt.id());
        }
    }

    private JobResult attemptOnce(JobHandler handler, JobAttempt attempt) {
        if (!attempt.maybeSent()) {
            return handler.run(attempt);
        }
        Optional<JobResult> found = handler.readBack(attempt);
        if (found.isPresent()) {
            return found.get();
        }
        // it did not arrive: sending again is safe
        boolean cleared = Boolean.TRUE.equals(transactions.execute(tx -> jdbc.sql("""
                        update esm.job set maybe_sent = false, updated_at = now()
                         where id = ? and state = 'RUNNING' and claimed_by = ?""")
                .params(attempt.id(), node).update() == 1));
        if (!cleared) {
            return null;
        }
        return handler.run(new JobAttempt(this, node, attempt.id(), attempt.kind(), attempt.subject(),
                attempt.owner(), attempt.number(), false, attempt.sentAt(), attempt.lease()));
    }

    boolean markSending(JobAttempt attempt) {
        return Boolean.TRUE.equals(transactions.execute(tx -> jdbc.sql("""
                        update esm.job set maybe_sent = true, sent_at = now(),
                            lease_until = now() + ? * interval '1 millisecond', heartbeat_at = now(), updated_at = now()
                         where id = ? and state = 'RUNNING' and claimed_by = ?""")
                .params(attempt.lease().toMillis(), attempt.id(), attempt.node()).update() == 1));
    }

    boolean renew(JobAttempt attempt) {
        return Boolean.TRUE.equals(transactions.execute(tx -> jdbc.sql("""
                        update esm.job set lease_until = now() + ? * interval '1 millisecond', heartbeat_at = now()
                         where id = ? and state = 'RUNNING' and claimed_by = ?""")
                .params(attempt.lease().toMillis(), attempt.id(), attempt.node()).update() == 1));
    }

    private boolean finish(JobHandler handler, JobAttempt attempt, JobResult result) {
        boolean done = Boolean.TRUE.equals(transactions.execute(tx -> {
            if (result instanceof JobResult.Done) {
                return jdbc.sql("""
                                update esm.job set state = 'DONE', maybe_sent = false, last_error = null,
                                    finished_at = now(), claimed_by = null, lease_until = null, updated_at = now()
                                 where id = ? and state = 'RUNNING' and claimed_by = ?""")
                        .params(attempt.id(), node).update() == 1;
            }
            if (result instanceof JobResult.Failed f) {
                return failed(attempt, f.message());
            }
            JobResult.Retry r = (JobResult.Retry) result;
            if (attempt.number() >= handler.maxAttempts()) {
                return failed(attempt, "Gave up after " + attempt.number() + " attempts: " + r.message());
            }
            Duration wait = r.after() != null ? r.after()
                    : handler.backoff().delay(attempt.number(), ThreadLocalRandom.current());
            return jdbc.sql("""
                            update esm.job set state = 'RETRY', run_at = now() + ? * interval '1 millisecond',
                                last_error = ?, claimed_by = null, lease_until = null, updated_at = now()
                             where id = ? and state = 'RUNNING' and claimed_by = ?""")
                    .params(wait.toMillis(), words(r.message()), attempt.id(), node).update() == 1;
        }));
        if (!done && result instanceof JobResult.Done && Boolean.FALSE.equals(transactions.execute(tx -> jdbc
                .sql("select count(*) > 0 from esm.job where id = ?").param(attempt.id()).query(Boolean.class).single()))) {
            // the work removed its own job with its owner (an account deletion): done, nothing left to record
            log.info("Job {} {} done; its row went with its owner", attempt.kind(), attempt.id());
            return true;
        }
        if (!done) {
            log.info("Job {} {}: the claim was lost (its lease ran out); another node has it", attempt.kind(),
                    attempt.id());
        }
        return done;
    }

    private boolean failed(JobAttempt attempt, String message) {
        return jdbc.sql("""
                        update esm.job set state = 'FAILED', last_error = ?, finished_at = now(), claimed_by = null,
                            lease_until = null, updated_at = now()
                         where id = ? and state = 'RUNNING' and claimed_by = ?""")
                .params(words(message), attempt.id(), node).update() == 1;
    }

    private static String words(String message) {
        return message == null || message.length() <= MAX_ERROR ? message : message.substring(0, MAX_ERROR - 1) + "…";
    }

    private JobHandler handler(String kind) {
        JobHandler handler = handlers().get(kind);
        if (handler == null) {
            throw new IllegalArgumentException("No job handler for kind " + kind);
        }
        return handler;
    }

    private Map<String, JobHandler> handlers() {
        Map<String, JobHandler> known = handlers;
        if (known == null) {
            Map<String, JobHandler> map = new java.util.LinkedHashMap<>();
            handlerBeans.get().forEach(h -> {
                if (map.putIfAbsent(h.kind(), h) != null) {
                    throw new IllegalStateException("Two job handlers for kind " + h.kind());
                }
            });
            handlers = known = Map.copyOf(map);
        }
        return known;
    }

    private void wakeAfterCommit(String kind) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake(kind);
                }
            });
        } else {
            wake(kind);
        }
    }

    static JobStatus status(ResultSet rs) throws SQLException {
        return new JobStatus(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getObject("subject", UUID.class),
                JobStatus.State.valueOf(rs.getString("state")), rs.getInt("attempts"),
                instant(rs.getTimestamp("run_at")), rs.getString("claimed_by"), instant(rs.getTimestamp("lease_until")),
                rs.getBoolean("maybe_sent"), rs.getString("last_error"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    // ---- the node's workers

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        if (!properties.enabled()) {
            return;
        }
        int total = 0;
        for (JobHandler handler : handlers().values()) {
            Semaphore signal = signals.computeIfAbsent(handler.kind(), k -> new Semaphore(0));
            for (int i = 0; i < handler.concurrency(); i++) {
                Thread thread = new Thread(() -> loop(handler.kind(), signal), "job-" + handler.kind() + "-" + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
                total++;
            }
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "job-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        log.info("Job workers of node {} started: {} threads for {}", node, total, handlers().keySet());
    }

    private void beat() {
        for (JobAttempt attempt : running.values()) {
            try {
                renew(attempt);
            } catch (RuntimeException e) {
                log.warn("Job heartbeat: {}", e.toString());
            }
        }
    }

    private void loop(String kind, Semaphore signal) {
        JobHandler handler = handler(kind);
        java.util.concurrent.atomic.AtomicInteger busy = inFlight.computeIfAbsent(kind,
                k -> new java.util.concurrent.atomic.AtomicInteger());
        while (started) {
            try {
                int now = busy.get();
                if (now >= Math.min(handler.concurrency(), Math.max(1, handler.inFlightLimit()))) {
                    Thread.sleep(OVER_LIMIT_PAUSE_MILLIS); // the handler's limit is reached: claim nothing for now
                    continue;
                }
                if (!busy.compareAndSet(now, now + 1)) {
                    continue;
                }
                Optional<JobAttempt> claimed;
                try {
                    claimed = claim(kind);
                    if (claimed.isPresent()) {
                        execute(claimed.get());
                    }
                } finally {
                    busy.decrementAndGet();
                }
                if (claimed.isEmpty()) {
                    signal.tryAcquire(properties.idlePoll().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Job worker {}: {}", kind, e.toString());
                try {
                    Thread.sleep(properties.idlePoll().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (!started) {
            return;
        }
        started = false;
        signals.values().forEach(s -> s.release(threads.size() + 1));
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis()); // a job under way finishes; queued ones stay queued
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    String node() {
        return node;
    }
}
