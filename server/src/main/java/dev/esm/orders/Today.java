package dev.esm.orders;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.esm.orders.spi.ShippingDesk;
import dev.esm.orders.spi.ShippingDesk.LabelsBought;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Store;
import dev.esm.stores.Stores;

/**
 * The page after sign-in: what must ship (awaiting shipment, due today, at risk, late: the orders grid's own counts, so
 * each opens the grid filtered to exactly that set), the stores that need attention, and the labels bought today.
 */
@Service
public class Today {

    static final Duration STALE_FLOOR = Duration.ofMinutes(1);

    private final OrderGrid grid;
    private final Stores stores;
    private final JdbcClient jdbc;
    private final List<ShippingDesk> shipping;
    private final Clock clock;

    Today(OrderGrid grid, Stores stores, JdbcClient jdbc, List<ShippingDesk> shipping, Clock clock) {
        this.grid = grid;
        this.stores = stores;
        this.jdbc = jdbc;
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
        /** not synced within twice its poll interval */
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
                attention(visible, now), labels, visible.size(), now, dayStart);
    }

    /** The stores that need attention, for Today and the banner on Orders. */
    @Transactional(readOnly = true)
    public List<StoreAttention> attention() {
        return attention(stores.list(), clock.instant());
    }

    private List<StoreAttention> attention(List<Store> visible, Instant now) {
        if (visible.isEmpty()) {
            return List.of();
        }
        record Health(Instant lastSuccess, String problem, Long pollMillis, Instant breakerUntil) {
        }
        Map<UUID, Health> health = new HashMap<>();
        jdbc.sql("""
                        select store_id, last_success_at, problem, poll_interval_ms, breaker_open_until from order_sync
                         where store_id = any(?)""")
                .param(visible.stream().map(Store::id).toArray(UUID[]::new))
                .query(rs -> {
                    long poll = rs.getLong(4);
                    Long pollMillis = rs.wasNull() ? null : poll;
                    health.put(rs.getObject(1, UUID.class), new Health(instant(rs.getTimestamp(2)), rs.getString(3),
                            pollMillis, instant(rs.getTimestamp(5))));
                });
        Map<UUID, Integer> failedPushes = new HashMap<>();
        shipping.forEach(desk -> failedPushes.putAll(desk.failedPushes()));
        List<StoreAttention> attention = new ArrayList<>();
        for (Store store : visible) {
            Health h = health.get(store.id());
            Reason reason = null;
            Duration poll = h == null || h.pollMillis() == null ? null : Duration.ofMillis(h.pollMillis());
            if (!store.credentialsSet() || h != null && "NOT_CONNECTED".equals(h.problem())) {
                reason = Reason.NOT_CONNECTED;
            } else if (h != null && "NEEDS_RECONNECT".equals(h.problem())) {
                reason = Reason.RECONNECT;
            } else if (h != null && h.breakerUntil() != null && h.breakerUntil().isAfter(now)) {
                reason = Reason.PAUSED;
            } else if (h != null && h.problem() != null) {
                reason = Reason.FAILING;
            } else if (h != null && poll != null && h.lastSuccess() != null
                    && h.lastSuccess().isBefore(now.minus(staleAfter(poll)))) {
                reason = Reason.STALE;
            }
            if (reason != null) {
                attention.add(new StoreAttention(store.id(), store.name(), store.marketplace(), reason,
                        h == null ? null : h.lastSuccess(), h == null ? null : h.breakerUntil(), poll, 0));
            }
            Integer failed = failedPushes.get(store.id());
            if (failed != null && failed > 0) {
                attention.add(new StoreAttention(store.id(), store.name(), store.marketplace(), Reason.PUSH_FAILURES,
                        null, null, poll, failed));
            }
        }
        return attention;
    }

    /** Twice the poll interval, and at least a minute (a store polled every 5 s is not stale after 10 s of load). */
    static Duration staleAfter(Duration poll) {
        Duration twice = poll.multipliedBy(2);
        return twice.compareTo(STALE_FLOOR) < 0 ? STALE_FLOOR : twice;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
