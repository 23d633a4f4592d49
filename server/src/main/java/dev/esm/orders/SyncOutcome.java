package dev.esm.orders;
import dev.esm.orders.internal.SyncOrders;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * How one call of {@link SyncOrders#sync} ended, as a value: the expected endings (another sync of the store is
 * running, a pause for the quota or the circuit breaker, a refusal the seller must fix) are not exceptions, and each
 * has its own log level, store health and history entry. Only {@link Failed} counts against the store's health.
 */
public sealed interface SyncOutcome {

    UUID storeId();

    /** The run this sync recorded in the store's history; empty when it did not start because another was running. */
    Optional<SyncRun> recorded();

    /** The store is synced up to now ({@code SUCCEEDED}). */
    record Synced(SyncRun run) implements SyncOutcome {
        @Override
        public UUID storeId() {
            return run.storeId();
        }

        @Override
        public Optional<SyncRun> recorded() {
            return Optional.of(run);
        }
    }

    /**
     * Another sync of the store is running (on this node or another): this one did not start ({@code stopped} empty),
     * or it stopped at its next page because the other had moved the store's cursor first ({@code stopped}: its run,
     * outcome {@code ALREADY_RUNNING}, its pages so far kept). Benign: the store's health is untouched.
     * {@code runningSince}: when the other sync started (for a stopped one whose rival has finished already, when it
     * stopped).
     */
    record AlreadyRunning(UUID storeId, Instant runningSince, Optional<SyncRun> stopped) implements SyncOutcome {
        @Override
        public Optional<SyncRun> recorded() {
            return stopped;
        }
    }

    /**
     * The sync stopped without failing to wait for the marketplace's quota or the store's open circuit breaker
     * ({@code PAUSED}); it continues by itself at {@code until}.
     */
    record Paused(SyncRun run, Instant until, String why) implements SyncOutcome {
        @Override
        public UUID storeId() {
            return run.storeId();
        }

        @Override
        public Optional<SyncRun> recorded() {
            return Optional.of(run);
        }
    }

    /**
     * The marketplace refused the store's credentials (expired, revoked: {@code NEEDS_RECONNECT}) or the store has
     * none ({@code NOT_CONNECTED}): the seller must reconnect it.
     */
    record Refused(SyncRun run, String reason) implements SyncOutcome {
        @Override
        public UUID storeId() {
            return run.storeId();
        }

        @Override
        public Optional<SyncRun> recorded() {
            return Optional.of(run);
        }
    }

    /**
     * The sync failed ({@code FAILED}): the marketplace stayed unavailable or refused a request, or ({@code unexpected})
     * something inside ESM went wrong.
     */
    record Failed(SyncRun run, String reason, boolean unexpected) implements SyncOutcome {
        @Override
        public UUID storeId() {
            return run.storeId();
        }

        @Override
        public Optional<SyncRun> recorded() {
            return Optional.of(run);
        }
    }
}
