package dev.esm.orders;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationContext;

import dev.esm.platform.database.DatabaseAccess;

/**
 * Gives a store's orders awaiting shipment ship-by times spread around now (late, due within hours, due in days), so
 * that every count of the Today page has orders, and knows which order falls where.
 */
final class DeskFixture {

    /** Ship-by offsets from now, repeated over the orders: three late, four within 24 h, three later. */
    static final List<Duration> OFFSETS = List.of(Duration.ofHours(-50), Duration.ofHours(-5), Duration.ofMinutes(-30),
            Duration.ofMinutes(20), Duration.ofHours(3), Duration.ofHours(11), Duration.ofHours(23),
            Duration.ofHours(30), Duration.ofDays(3), Duration.ofDays(6));

    final Map<UUID, Instant> shipBy = new LinkedHashMap<>();
    final Instant now;

    private DeskFixture(Instant now) {
        this.now = now;
    }

    /** Spreads the store's awaiting orders' ship-by over {@link #OFFSETS} (as the database superuser). */
    static DeskFixture spread(ApplicationContext context, UUID store, Instant now) throws SQLException {
        DeskFixture fixture = new DeskFixture(now.truncatedTo(ChronoUnit.MILLIS));
        try (Connection sql = DatabaseAccess.superuser(context)) {
            List<UUID> awaiting = new ArrayList<>();
            try (var statement = sql.prepareStatement("""
                    select id from esm.customer_order where store_id = ? and fulfilled_by = 'SELLER'
                       and status in ('UNSHIPPED', 'PARTIALLY_SHIPPED') order by marketplace_order_id""")) {
                statement.setObject(1, store);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        awaiting.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            try (var update = sql.prepareStatement("update esm.customer_order set ship_by = ? where id = ?")) {
                for (int i = 0; i < awaiting.size(); i++) {
                    // a few seconds apart, so that no two orders share a ship-by
                    Instant at = fixture.now.plus(OFFSETS.get(i % OFFSETS.size())).plusSeconds(i * 7L);
                    update.setTimestamp(1, Timestamp.from(at));
                    update.setObject(2, awaiting.get(i));
                    update.addBatch();
                    fixture.shipBy.put(awaiting.get(i), at);
                }
                update.executeBatch();
            }
        }
        return fixture;
    }

    long late(Instant at) {
        return shipBy.values().stream().filter(t -> t.isBefore(at)).count();
    }

    long atRisk(Instant at) {
        return shipBy.values().stream().filter(t -> !t.isBefore(at) && t.isBefore(at.plus(Duration.ofHours(24)))).count();
    }

    long dueToday(Instant at, ZoneId zone) {
        Instant midnight = at.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
        return shipBy.values().stream().filter(t -> !t.isBefore(at) && t.isBefore(midnight)).count();
    }
}
