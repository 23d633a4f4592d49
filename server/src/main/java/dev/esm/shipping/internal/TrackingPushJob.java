package dev.esm.shipping.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.ApplicationModuleListener;

import dev.esm.platform.ActingOperator;
import dev.esm.platform.jobs.JobAttempt;
import dev.esm.platform.jobs.JobHandler;
import dev.esm.platform.jobs.JobResult;
import dev.esm.platform.jobs.Jobs;
import dev.esm.shipping.ShippingViews.PushStatus;
import dev.esm.shipping.TrackingPushProperties;
import dev.esm.shipping.TrackingPushes;
import dev.esm.stores.StoreConnected;

/**
 * Tracking pushes as jobs of the platform's job facility (ADR 23, ADR 10): one job per push, worked by
 * {@link TrackingPushes#attempt(UUID, java.util.function.BooleanSupplier)} acting for the store's owner. The push row
 * stays the journal the operator sees (state, attempts, next attempt, maybe sent, last error); the job mirrors its
 * schedule: after each attempt the job is done, failed, or due again when the row is.
 */
@Configuration(proxyBeanMethods = false)
class TrackingPushJob {

    @Bean
    JobHandler trackingPushJobs(TrackingPushProperties properties, ObjectProvider<TrackingPushes> pushes) {
        return new Handler(properties, pushes);
    }

    static final class Handler implements JobHandler {
        private final TrackingPushProperties properties;
        private final ObjectProvider<TrackingPushes> pushes;

        Handler(TrackingPushProperties properties, ObjectProvider<TrackingPushes> pushes) {
            this.properties = properties;
            this.pushes = pushes;
        }

        @Override
        public String kind() {
            return TrackingPushes.JOB_KIND;
        }

        @Override
        public int concurrency() {
            return properties.threads();
        }

        @Override
        public Duration lease() {
            return properties.lease();
        }

        @Override
        public JobResult run(JobAttempt attempt) {
            TrackingPushes push = pushes.getObject();
            TrackingPushes.Outcome outcome = push.attempt(attempt.subject(), attempt::sending);
            if (outcome == TrackingPushes.Outcome.LOST_CLAIM) {
                return JobResult.retryIn(Duration.ofSeconds(1), "Taken over by another node.");
            }
            PushStatus status = push.status(attempt.subject()).orElse(null);
            if (status == null) {
                return JobResult.done(); // the store, order or shipment is gone
            }
            return switch (status.state()) {
                case SUCCEEDED -> JobResult.done();
                case REJECTED -> JobResult.failed("The marketplace refused the push.");
                case FAILED -> JobResult.failed("The push was given up.");
                case PENDING -> JobResult.retryIn(until(status.nextAttemptAt()), status.waitingForReconnect()
                        ? "Waiting for the store to be reconnected." : "Trying again.");
                // claimed by a node whose lease has not run out yet: look again when it may have
                case PUSHING -> JobResult.retryIn(Duration.ofSeconds(1), "Being pushed by another node.");
            };
        }

        /**
         * A push whose call may have arrived reads the order back first: its attempt does, from the same mark kept on
         * the push row (set together with the job's), waiting out {@link TrackingPushProperties#settle()} before it
         * reads. So the facility's read-back step hands over to the attempt.
         */
        @Override
        public java.util.Optional<JobResult> readBack(JobAttempt attempt) {
            return java.util.Optional.empty();
        }

        private static Duration until(Instant at) {
            Duration wait = at == null ? Duration.ZERO : Duration.between(Instant.now(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        }
    }

    /** A reconnected store's pushes that waited for it are due at once. */
    @Bean
    Reconnects trackingPushReconnects(TrackingPushJournal journal, Jobs jobs) {
        return new Reconnects(journal, jobs);
    }

    static class Reconnects {
        private final TrackingPushJournal journal;
        private final Jobs jobs;

        Reconnects(TrackingPushJournal journal, Jobs jobs) {
            this.journal = journal;
            this.jobs = jobs;
        }

        /** After the store's transaction committed, in a transaction of its own acting for the owner (ADR 24). */
        @ApplicationModuleListener
        void onConnected(StoreConnected event) {
            ActingOperator.runAs(event.ownerId(), () -> {
                List<UUID> due = journal.reconnected(event.storeId());
                jobs.dueNow(TrackingPushes.JOB_KIND, due);
            });
        }
    }
}
