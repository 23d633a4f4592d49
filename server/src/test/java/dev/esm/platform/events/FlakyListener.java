package dev.esm.platform.events;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;

import dev.esm.platform.ActingOperator;
import dev.esm.stores.StoreConnected;

/**
 * A listener of the shared test context that fails the first time it hears of a store of an owner a test armed it for, and
 * otherwise reads the store's name acting for its owner (so a call that succeeds proves it ran with row-level security
 * on the owner's side). Other owners' stores are ignored.
 */
@TestComponent
public class FlakyListener {

    private final JdbcClient jdbc;
    private final Set<UUID> failOnce = ConcurrentHashMap.newKeySet();
    private final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<UUID, String> handled = new ConcurrentHashMap<>();

    FlakyListener(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next event of a store of this owner fails its listener once; the ones after it are handled. */
    public void failOnceFor(UUID owner) {
        calls.put(owner, new AtomicInteger());
        failOnce.add(owner);
    }

    public int calls(UUID owner) {
        AtomicInteger count = calls.get(owner);
        return count == null ? 0 : count.get();
    }

    /** The name of the owner's store as the listener read it, once it handled the store's event. */
    public String handled(UUID owner) {
        return handled.get(owner);
    }

    @ApplicationModuleListener
    void on(StoreConnected event) {
        AtomicInteger count = calls.get(event.ownerId());
        if (count == null) {
            return;
        }
        count.incrementAndGet();
        if (failOnce.remove(event.ownerId())) {
            throw new IllegalStateException("failing once, as the test asked");
        }
        String name = ActingOperator.runAs(event.ownerId(), () -> jdbc.sql("select name from store where id = ?")
                .param(event.storeId()).query(String.class).optional().orElse(null));
        if (name == null) {
            throw new IllegalStateException("the store is not visible to its owner inside the listener");
        }
        handled.put(event.ownerId(), name);
    }
}
