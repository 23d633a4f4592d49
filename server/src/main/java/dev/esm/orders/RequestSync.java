package dev.esm.orders;

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

    RequestSync(Stores stores, OrderSyncScheduler tasks, SchedulerClient scheduler) {
        this.stores = stores;
        this.tasks = tasks;
        this.scheduler = scheduler;
    }

    /** "Sync now" for a store the acting operator can see (owner or granted). */
    public void syncNow(UUID storeId) {
        Store store = stores.get(storeId);
        tasks.syncSoon(scheduler, store.id(), store.ownerId());
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
