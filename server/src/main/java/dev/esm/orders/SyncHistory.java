package dev.esm.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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

    /** The health of a store's order sync: when it last succeeded and what stops it, if anything. */
    public record SyncState(UUID storeId, Instant lastSuccessAt, String problem, String lastError) {
    }

    @Transactional(readOnly = true)
    public List<SyncRun> recent(UUID storeId, int limit) {
        return jdbc.sql("select * from sync_run where store_id = ? order by started_at desc, id limit ?")
                .params(storeId, limit).query(SyncHistory::run).list();
    }

    @Transactional(readOnly = true)
    public Optional<SyncRun> run(UUID runId) {
        return jdbc.sql("select * from sync_run where id = ?").param(runId).query(SyncHistory::run).optional();
    }

    @Transactional(readOnly = true)
    public Optional<SyncState> state(UUID storeId) {
        return jdbc.sql("select store_id, last_success_at, problem, last_error from order_sync where store_id = ?")
                .param(storeId)
                .query((rs, n) -> new SyncState(rs.getObject(1, UUID.class), instant(rs.getTimestamp(2)),
                        rs.getString(3), rs.getString(4)))
                .optional();
    }

    static SyncRun run(ResultSet rs, int row) throws SQLException {
        return new SyncRun(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                SyncRun.Outcome.valueOf(rs.getString("outcome")), rs.getInt("pages"), rs.getInt("orders_seen"),
                rs.getInt("orders_changed"), rs.getInt("rate_limit_waits"), rs.getInt("retries"), rs.getString("error"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
