package dev.esm.orders.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.esm.stores.StoreSyncFacts;

/** The order sync's side of the stores' health: one read of {@code order_sync} for the stores asked about. */
@Component
class SyncFactsOfStores implements StoreSyncFacts {

    private final JdbcClient jdbc;

    SyncFactsOfStores(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, Facts> facts(Collection<UUID> storeIds) {
        Map<UUID, Facts> facts = new HashMap<>();
        if (storeIds.isEmpty()) {
            return facts;
        }
        jdbc.sql("""
                        select store_id, last_success_at, problem, poll_interval_ms, next_sync_at, breaker_open_until,
                               consecutive_failures
                          from order_sync where store_id = any (?)""")
                .param(storeIds.toArray(UUID[]::new))
                .query(rs -> {
                    long pollMillis = rs.getLong("poll_interval_ms");
                    Duration poll = rs.wasNull() ? null : Duration.ofMillis(pollMillis);
                    facts.put(rs.getObject("store_id", UUID.class), new Facts(instant(rs.getTimestamp("last_success_at")),
                            rs.getString("problem"), poll, instant(rs.getTimestamp("next_sync_at")),
                            instant(rs.getTimestamp("breaker_open_until")), rs.getInt("consecutive_failures")));
                });
        return facts;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
