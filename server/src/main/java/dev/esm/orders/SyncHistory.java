package dev.esm.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A store's sync history and its current sync state, for the acting operator's stores. */
@Service
public class SyncHistory {

    private final JdbcClient jdbc;

    SyncHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The health of a store's order sync: when it last succeeded and what stops it, if anything ({@code problem}:
     * {@code NEEDS_RECONNECT}, {@code FAILED}, {@code CIRCUIT_OPEN}, ...), how often it polls (paced by the store's
     * quota) and when it next runs, and until when its circuit breaker keeps it from calling the marketplace.
     */
    public record SyncState(UUID storeId, Instant lastSuccessAt, String problem, String lastError,
                            Duration pollInterval, Instant nextSyncAt, int consecutiveFailures,
                            Instant breakerOpenUntil) {

        /** Whether the breaker is open now. */
        public boolean breakerOpen() {
            return breakerOpenUntil != null && breakerOpenUntil.isAfter(Instant.now());
        }

        /** The poll interval in whole seconds (rounded up), or null before the first sync. */
        public Long pollSeconds() {
            return pollInterval == null ? null : (pollInterval.toMillis() + 999) / 1000;
        }
    }

    @Transactional(readOnly = true)
    public List<SyncRun> recent(UUID storeId, int limit) {
        return jdbc.sql("select * from sync_run where store_id = ? order by started_at desc, id limit ?")
                .params(storeId, limit).query(SyncHistory::run).list();
    }

    /** The store's sync running now (on any node), if any. */
    @Transactional(readOnly = true)
    public Optional<SyncRun> running(UUID storeId) {
        return jdbc.sql("select * from sync_run where store_id = ? and outcome = 'RUNNING' order by started_at limit 1")
                .param(storeId).query(SyncHistory::run).optional();
    }

    @Transactional(readOnly = true)
    public Optional<SyncRun> run(UUID runId) {
        return jdbc.sql("select * from sync_run where id = ?").param(runId).query(SyncHistory::run).optional();
    }

    @Transactional(readOnly = true)
    public Optional<SyncState> state(UUID storeId) {
        return jdbc.sql("""
                        select store_id, last_success_at, problem, last_error, poll_interval_ms, next_sync_at,
                               consecutive_failures, breaker_open_until
                          from order_sync where store_id = ?""")
                .param(storeId)
                .query((rs, n) -> {
                    long pollMillis = rs.getLong(5);
                    Duration poll = rs.wasNull() ? null : Duration.ofMillis(pollMillis);
                    return new SyncState(rs.getObject(1, UUID.class), instant(rs.getTimestamp(2)), rs.getString(3),
                            rs.getString(4), poll,
                            instant(rs.getTimestamp(6)), rs.getInt(7), instant(rs.getTimestamp(8)));
                })
                .optional();
    }

    public static SyncRun run(ResultSet rs, int row) throws SQLException {
        return new SyncRun(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                SyncRun.Outcome.valueOf(rs.getString("outcome")), rs.getInt("pages"), rs.getInt("orders_seen"),
                rs.getInt("orders_changed"), rs.getInt("rate_limit_waits"), rs.getInt("retries"), rs.getString("error"),
                instant(rs.getTimestamp("resumes_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
