package dev.esm.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.platform.ActingOperator;

/**
 * The job facility on the real database, with two facility instances standing for two nodes (each with its own node
 * name, sharing the database): a job is claimed by one node only, a dead node's job is taken over once its lease ran
 * out (and the dead node's late answer changes nothing), and a step that may have reached the outside world is read
 * back, not repeated blindly.
 */
class JobsIntegrationTests extends IntegrationTest {

    private static final Backoff NOW = new Backoff(Duration.ZERO, Duration.ZERO, 0);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    /** A handler for tests: its kind, its work, its read-back. */
    private record TestHandler(String kind, Function<JobAttempt, JobResult> work,
                               Function<JobAttempt, Optional<JobResult>> check) implements JobHandler {
        TestHandler(String kind, Function<JobAttempt, JobResult> work) {
            this(kind, work, null);
        }

        @Override
        public JobResult run(JobAttempt attempt) {
            return work.apply(attempt);
        }

        @Override
        public Optional<JobResult> readBack(JobAttempt attempt) {
            return check == null ? JobHandler.super.readBack(attempt) : check.apply(attempt);
        }

        @Override
        public Backoff backoff() {
            return NOW;
        }

        @Override
        public Duration lease() {
            return Duration.ofMinutes(1);
        }
    }

    private Jobs node(String name, JobHandler handler) {
        return new Jobs(jdbc, transactions, () -> List.of(handler), new JobsProperties(false, null, null), name);
    }

    private static String kind() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<UUID> enqueue(Jobs jobs, String kind, UUID owner, int n) {
        List<UUID> subjects = new ArrayList<>();
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < n; i++) {
                UUID subject = UUID.randomUUID();
                assertThat(jobs.enqueue(kind, subject, owner)).isTrue();
                subjects.add(subject);
            }
        });
        return subjects;
    }

    private JobStatus status(Jobs jobs, String kind, UUID subject) {
        return transactions.execute(tx -> jobs.status(kind, subject).orElseThrow());
    }

    @Test
    void twoNodesClaimingAtOnceWorkEachJobExactlyOnceActingForItsOwner() throws Exception {
        TestOperator owner = operators.create("Jobs Owner");
        String kind = kind();
        Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<UUID, String> byNode = new ConcurrentHashMap<>();
        Set<UUID> actingFor = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        Function<String, JobHandler> handler = name -> new TestHandler(kind, attempt -> {
            runs.computeIfAbsent(attempt.subject(), s -> new AtomicInteger()).incrementAndGet();
            byNode.put(attempt.subject(), name);
            ActingOperator.current().ifPresent(actingFor::add);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return JobResult.done();
        });
        Jobs a = node("node-a", handler.apply("node-a"));
        Jobs b = node("node-b", handler.apply("node-b"));
        List<UUID> subjects = enqueue(a, kind, owner.id(), 60);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (Jobs jobs : List.of(a, b, a, b)) {
                workers.add(pool.submit(() -> {
                    go.await();
                    return jobs.runDue(kind, 1000);
                }));
            }
            go.countDown();
            int worked = 0;
            for (Future<Integer> worker : workers) {
                worked += worker.get();
            }
            assertThat(worked).as("claims across both nodes").isEqualTo(subjects.size());
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(subjects);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).as("runs of one job").isEqualTo(1));
        assertThat(byNode.values()).as("both nodes took part").contains("node-a", "node-b");
        assertThat(actingFor).containsExactly(owner.id());
        for (UUID subject : subjects) {
            JobStatus status = status(a, kind, subject);
            assertThat(status.state()).isEqualTo(JobStatus.State.DONE);
            assertThat(status.attempts()).isEqualTo(1);
            assertThat(status.claimedBy()).isNull();
        }
    }

    @Test
    void aClaimedJobIsNotClaimedAgainWhileItsLeaseHoldsAndIsTakenOverWhenItRunsOut() {
        TestOperator owner = operators.create("Jobs Lease Owner");
        String kind = kind();
        AtomicInteger runs = new AtomicInteger();
        JobHandler handler = new TestHandler(kind, attempt -> {
            runs.incrementAndGet();
            return JobResult.done();
        });
        Jobs dead = node("node-dead", handler);
        Jobs alive = node("node-alive", handler);
        UUID subject = enqueue(dead, kind, owner.id(), 1).get(0);

        JobAttempt first = dead.claim(kind).orElseThrow();
        assertThat(first.number()).isEqualTo(1);
        assertThat(status(alive, kind, subject)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(JobStatus.State.RUNNING);
            assertThat(s.claimedBy()).isEqualTo("node-dead");
            assertThat(s.leaseUntil()).isAfter(java.time.Instant.now().plusSeconds(30));
        });
        assertThat(alive.claim(kind)).as("held by the other node's lease").isEmpty();
        assertThat(first.heartbeat()).as("the holder renews its lease").isTrue();
        assertThat(alive.claim(kind)).isEmpty();

        // the holder dies: no more heartbeats; its lease runs out (moved into the past instead of waiting a minute)
        transactions.executeWithoutResult(tx -> jdbc.sql(
                "update esm.job set lease_until = now() - interval '1 millisecond' where kind = ? and subject = ?")
                .params(kind, subject).update());
        JobAttempt takeover = alive.claim(kind).orElseThrow();
        assertThat(takeover.number()).as("the taken-over attempt counts").isEqualTo(2);
        assertThat(dead.claim(kind)).isEmpty();
        assertThat(alive.execute(takeover)).isTrue();
        assertThat(runs.get()).isEqualTo(1);

        // the dead node was only slow: its late work and heartbeat change nothing
        assertThat(first.heartbeat()).isFalse();
        assertThat(first.sending()).isFalse();
        assertThat(dead.execute(first)).as("the claim was lost").isFalse();
        assertThat(status(alive, kind, subject)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(JobStatus.State.DONE);
            assertThat(s.attempts()).isEqualTo(2);
        });
    }

    @Test
    void retriesWaitTheirBackoffAndGiveUpAfterTheMaximumWithTheErrorInPlainWords() {
        TestOperator owner = operators.create("Jobs Retry Owner");
        String kind = kind();
        JobHandler handler = new JobHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public JobResult run(JobAttempt attempt) {
                return JobResult.backoff("The other side is busy.");
            }

            @Override
            public Backoff backoff() {
                return new Backoff(Duration.ofHours(1), Duration.ofHours(4), 0.2);
            }

            @Override
            public int maxAttempts() {
                return 2;
            }
        };
        Jobs jobs = node("node-retry", handler);
        UUID subject = enqueue(jobs, kind, owner.id(), 1).get(0);
        assertThat(jobs.runDue(kind, 10)).isEqualTo(1);
        JobStatus waiting = status(jobs, kind, subject);
        assertThat(waiting.state()).isEqualTo(JobStatus.State.RETRY);
        assertThat(waiting.lastError()).isEqualTo("The other side is busy.");
        assertThat(waiting.retryAt()).isBetween(java.time.Instant.now().plus(Duration.ofMinutes(47)),
                java.time.Instant.now().plus(Duration.ofMinutes(73)));
        assertThat(jobs.runDue(kind, 10)).as("not due before its time").isZero();

        transactions.executeWithoutResult(tx -> assertThat(jobs.dueNow(kind, List.of(subject))).isEqualTo(1));
        assertThat(jobs.runDue(kind, 10)).isEqualTo(1);
        JobStatus failed = status(jobs, kind, subject);
        assertThat(failed.state()).isEqualTo(JobStatus.State.FAILED);
        assertThat(failed.attempts()).isEqualTo(2);
        assertThat(failed.lastError()).isEqualTo("Gave up after 2 attempts: The other side is busy.");

        transactions.executeWithoutResult(tx -> assertThat(jobs.requeue(kind, subject)).isTrue());
        assertThat(status(jobs, kind, subject)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(JobStatus.State.QUEUED);
            assertThat(s.attempts()).isZero();
        });
    }

    @Test
    void aStepThatMayHaveArrivedIsReadBackBeforeItIsSentAgain() {
        TestOperator owner = operators.create("Jobs Maybe Sent Owner");
        String kind = kind();
        // the outside world: what it received, per subject; the first call's answer is lost (it arrives, we never hear)
        Map<UUID, AtomicInteger> received = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger readBacks = new AtomicInteger();
        JobHandler handler = new TestHandler(kind, attempt -> {
            if (!attempt.sending()) {
                return null;
            }
            received.computeIfAbsent(attempt.subject(), s -> new AtomicInteger()).incrementAndGet();
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("read timed out");
            }
            return JobResult.done();
        }, attempt -> {
            readBacks.incrementAndGet();
            AtomicInteger got = received.get(attempt.subject());
            return got != null && got.get() > 0 ? Optional.of(JobResult.done()) : Optional.empty();
        });
        Jobs jobs = node("node-send", handler);
        UUID subject = enqueue(jobs, kind, owner.id(), 1).get(0);

        assertThat(jobs.runDue(kind, 1)).isEqualTo(1);
        JobStatus lost = status(jobs, kind, subject);
        assertThat(lost.state()).isEqualTo(JobStatus.State.RETRY);
        assertThat(lost.maybeSent()).as("the call may have arrived").isTrue();
        assertThat(lost.lastError()).isEqualTo("Unexpected error; trying again.");

        assertThat(jobs.runDue(kind, 1)).isEqualTo(1);
        assertThat(readBacks.get()).isEqualTo(1);
        assertThat(received.get(subject).get()).as("read back, not sent again").isEqualTo(1);
        assertThat(status(jobs, kind, subject)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(JobStatus.State.DONE);
            assertThat(s.maybeSent()).isFalse();
        });
    }

    @Test
    void aNodeThatDiedAfterMarkingASendThatNeverLeftSendsAfterTheReadBackFoundNothing() {
        TestOperator owner = operators.create("Jobs Never Sent Owner");
        String kind = kind();
        AtomicInteger received = new AtomicInteger();
        AtomicInteger readBacks = new AtomicInteger();
        JobHandler handler = new TestHandler(kind, attempt -> {
            assertThat(attempt.maybeSent()).isFalse();
            if (!attempt.sending()) {
                return null;
            }
            received.incrementAndGet();
            return JobResult.done();
        }, attempt -> {
            readBacks.incrementAndGet();
            return received.get() > 0 ? Optional.of(JobResult.done()) : Optional.empty();
        });
        Jobs dead = node("node-died", handler);
        Jobs alive = node("node-lives", handler);
        UUID subject = enqueue(dead, kind, owner.id(), 1).get(0);

        JobAttempt doomed = dead.claim(kind).orElseThrow();
        assertThat(doomed.sending()).isTrue(); // ...and the node dies before the call leaves
        transactions.executeWithoutResult(tx -> jdbc.sql(
                "update esm.job set lease_until = now() - interval '1 millisecond' where kind = ? and subject = ?")
                .params(kind, subject).update());
        assertThat(alive.runDue(kind, 1)).isEqualTo(1);
        assertThat(readBacks.get()).as("read back first").isEqualTo(1);
        assertThat(received.get()).as("then sent, once").isEqualTo(1);
        assertThat(status(alive, kind, subject).state()).isEqualTo(JobStatus.State.DONE);
    }

    @Test
    void aHandlerThatCannotReadBackGivesUpInsteadOfSendingAgain() {
        TestOperator owner = operators.create("Jobs No Read Back Owner");
        String kind = kind();
        AtomicInteger received = new AtomicInteger();
        JobHandler handler = new TestHandler(kind, attempt -> {
            attempt.sending();
            received.incrementAndGet();
            throw new IllegalStateException("connection reset");
        });
        Jobs jobs = node("node-blind", handler);
        UUID subject = enqueue(jobs, kind, owner.id(), 1).get(0);
        jobs.runDue(kind, 1);
        jobs.runDue(kind, 1);
        assertThat(received.get()).isEqualTo(1);
        assertThat(status(jobs, kind, subject)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(JobStatus.State.FAILED);
            assertThat(s.maybeSent()).isTrue();
            assertThat(s.lastError()).contains("may have taken effect");
        });
    }

    @Test
    void aNodesWorkersTakeAJobAtOnceAndItsHeartbeatKeepsALongJobFromBeingTakenOver() throws Exception {
        TestOperator owner = operators.create("Jobs Heartbeat Owner");
        String kind = kind();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        JobHandler slow = new JobHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public Duration lease() {
                return Duration.ofMillis(600);
            }

            @Override
            public JobResult run(JobAttempt attempt) {
                runs.incrementAndGet();
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return JobResult.done();
            }
        };
        // a node with workers (idle poll of a minute: only the wake-up after the commit can start the job quickly)
        Jobs worker = new Jobs(jdbc, transactions, () -> List.of(slow),
                new JobsProperties(true, Duration.ofMinutes(1), Duration.ofMillis(150)), "node-worker");
        Jobs other = node("node-other", slow);
        worker.start();
        try {
            long enqueued = System.nanoTime();
            UUID subject = enqueue(worker, kind, owner.id(), 1).get(0);
            assertThat(started.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - enqueued)).as("woken by the commit, not the idle poll")
                    .isLessThan(Duration.ofSeconds(20));
            // the job runs for several of its leases; the other node keeps trying to claim it
            long until = System.nanoTime() + Duration.ofMillis(2000).toNanos();
            while (System.nanoTime() < until) {
                assertThat(other.claim(kind)).as("held by a live node's heartbeat").isEmpty();
                Thread.sleep(100);
            }
            JobStatus running = status(other, kind, subject);
            assertThat(running.state()).isEqualTo(JobStatus.State.RUNNING);
            assertThat(running.claimedBy()).isEqualTo("node-worker");
            release.countDown();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (status(other, kind, subject).state() != JobStatus.State.DONE) {
                assertThat(System.nanoTime()).as("the job finished").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(runs.get()).isEqualTo(1);
            assertThat(status(other, kind, subject).attempts()).isEqualTo(1);
        } finally {
            release.countDown();
            worker.stop();
        }
    }
}
