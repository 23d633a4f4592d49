package dev.esm.orders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.esm.orders.spi.ShippingDesk;
import dev.esm.orders.spi.ShippingDesk.LabelsBought;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Store;
import dev.esm.stores.StoreHealth;
import dev.esm.stores.StoreStatus;
import dev.esm.stores.Stores;

/**
 * The page after sign-in: what must ship (awaiting shipment, due today, at risk, late: the orders grid's own counts, so
 * each opens the grid filtered to exactly that set), the stores that need attention, and the labels bought today.
 */
@Service
public class Today {

    private final OrderGrid grid;
    private final Stores stores;
    private final StoreHealth health;
    private final List<ShippingDesk> shipping;
    private final Clock clock;

    Today(OrderGrid grid, Stores stores, StoreHealth health, List<ShippingDesk> shipping, Clock clock) {
        this.grid = grid;
        this.stores = stores;
        this.health = health;
        this.shipping = shipping;
        this.clock = clock;
    }

    /** Why a store needs the operator. */
    public enum Reason {
        /** no credentials yet */
        NOT_CONNECTED,
        /** the marketplace refused its credentials */
        RECONNECT,
        /** its circuit breaker stopped its syncs for a while after failures in a row */
        PAUSED,
        /** its last sync failed */
        FAILING,
        /** not synced within twice its interval (StoreHealth's rule), or its first sync long overdue */
        STALE,
        /** tracking pushes the marketplace refused or that failed for good */
        PUSH_FAILURES
    }

    /**
     * @param since when the store last synced (null: never)
     * @param until when a pause ends
     * @param count failed pushes
     */
    public record StoreAttention(UUID storeId, String storeName, Marketplace marketplace, Reason reason,
                                 Instant since, Instant until, Duration pollInterval, int count) {
    }

    /**
     * @param dayStart the start of the operator's day
     */
    public record TodayView(long awaiting, long dueToday, long atRisk, long late, List<StoreAttention> attention,
                            LabelsBought labels, int stores, Instant now, Instant dayStart) {
    }

    @Transactional(readOnly = true)
    public TodayView view(ZoneId zone) {
        Instant now = clock.instant();
        Map<String, Long> counts = grid.dueCounts(GridQuery.awaiting(zone));
        Instant dayStart = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        Instant dayEnd = now.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
        LabelsBought labels = new LabelsBought(0, Map.of());
        for (ShippingDesk desk : shipping) {
            labels = desk.labelsBought(dayStart, dayEnd);
        }
        List<Store> visible = stores.list();
        return new TodayView(counts.get("awaiting"), counts.get("today"), counts.get("at_risk"), counts.get("late"),
                attention(visible), labels, visible.size(), now, dayStart);
    }

    /** The stores that need attention, for Today and the banner on Orders. */
    @Transactional(readOnly = true)
    public List<StoreAttention> attention() {
        return attention(stores.list());
    }

    /**
     * The stores' health as {@link StoreHealth} decides it (the Stores list's badges: one rule, e.g. stale = no
     * successful sync within twice the store's interval), plus the stores whose tracking pushes failed.
     */
    private List<StoreAttention> attention(List<Store> visible) {
        if (visible.isEmpty()) {
            return List.of();
        }
        Map<UUID, Integer> failedPushes = new HashMap<>();
        shipping.forEach(desk -> failedPushes.putAll(desk.failedPushes()));
        List<StoreAttention> attention = new ArrayList<>();
        for (StoreStatus status : health.of(visible)) {
            Store store = status.store();
            Reason reason = switch (status.health()) {
                case NOT_CONNECTED -> Reason.NOT_CONNECTED;
                case NEEDS_RECONNECTING -> Reason.RECONNECT;
                case PAUSED -> Reason.PAUSED;
                case FAILING -> Reason.FAILING;
                case STALE -> Reason.STALE;
                case PENDING, HEALTHY -> null;
            };
            if (reason != null) {
                attention.add(new StoreAttention(store.id(), store.name(), store.marketplace(), reason,
                        status.lastSyncAt(), status.until(), status.interval(), 0));
            }
            Integer failed = failedPushes.get(store.id());
            if (failed != null && failed > 0) {
                attention.add(new StoreAttention(store.id(), store.name(), store.marketplace(), Reason.PUSH_FAILURES,
                        null, null, status.interval(), failed));
            }
        }
        return attention;
    }
}
