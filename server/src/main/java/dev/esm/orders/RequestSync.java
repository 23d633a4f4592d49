package dev.esm.orders;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import org.springframework.stereotype.Service;
import org.springframework.modulith.events.ApplicationModuleListener;

import dev.esm.orders.internal.OrderSyncScheduler;
import dev.esm.stores.Store;
import dev.esm.stores.StoreConnected;
import dev.esm.stores.StoreDisconnected;
import dev.esm.stores.Stores;

/** Asks for a store's order sync to run now, on whichever node picks it up first. */
@Service
public class RequestSync {

    private final Stores stores;
    private final OrderSyncScheduler tasks;
    private final SchedulerClient scheduler;
    private final SyncHistory history;

    RequestSync(Stores stores, OrderSyncScheduler tasks, SchedulerClient scheduler, SyncHistory history) {
        this.stores = stores;
        this.tasks = tasks;
        this.scheduler = scheduler;
        this.history = history;
    }

    /** What "sync now" did. */
    public sealed interface Answer {

        /** The sync is asked for; it starts when a node picks it up. */
        record Requested(UUID storeId) implements Answer {
        }

        /** A sync of the store is running already (since {@code since}); nothing more is asked for. */
        record AlreadyRunning(UUID storeId, Instant since) implements Answer {
        }
    }

    /** "Sync now" for a store the acting operator can see (owner or granted). */
    public Answer syncNow(UUID storeId) {
        Store store = stores.get(storeId);
        Optional<SyncRun> running = history.running(store.id());
        if (running.isPresent()) {
            return new Answer.AlreadyRunning(store.id(), running.get().startedAt());
        }
        tasks.syncSoon(scheduler, store.id(), store.ownerId());
        return new Answer.Requested(store.id());
    }

    /** A store got credentials: its orders sync now (after the store's transaction committed; ADR 24). */
    @ApplicationModuleListener
    void onConnected(StoreConnected event) {
        tasks.syncSoon(scheduler, event.storeId(), event.ownerId());
    }

    /** A store was removed: its sync leaves the schedule at once rather than at its next due time. */
    @ApplicationModuleListener
    void onDisconnected(StoreDisconnected event) {
        tasks.stopSync(scheduler, event.storeId());
    }
}
