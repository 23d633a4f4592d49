package dev.esm.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.esm.platform.AuditTrail;
import dev.esm.platform.Vault;
import dev.esm.platform.jobs.Jobs;

/**
 * "Export my data" (ADR 34): a ZIP of JSON and CSV files of everything the operator has in ESM, built by the
 * {@code account-export} job, stored sealed (never in clear on disk) and downloadable by its owner until it expires,
 * 24 hours after it was ready; then it is deleted. Every method acts for the operator (row-level security keeps each
 * operator to their own exports).
 */
@Service
public class AccountExports {

    /** The job's kind. */
    public static final String JOB = "account-export";
    /** The vault purpose the ZIP is sealed for. */
    public static final String PURPOSE = "account-export";

    private final JdbcClient jdbc;
    private final Jobs jobs;
    private final AuditTrail audit;
    private final Vault vault;

    AccountExports(JdbcClient jdbc, Jobs jobs, AuditTrail audit, Vault vault) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.audit = audit;
        this.vault = vault;
    }

    /** One export as its page shows it. */
    public record Export(UUID id, State state, int partsDone, int partsTotal, Long sizeBytes, Instant createdAt,
                         Instant readyAt, Instant expiresAt) {

        public enum State { QUEUED, BUILDING, READY, FAILED }

        public boolean ready() {
            return state == State.READY;
        }

        public boolean working() {
            return state == State.QUEUED || state == State.BUILDING;
        }
    }

    /** Starts an export, or returns the one already being built. */
    @Transactional
    public Export start(UUID operatorId, String source) {
        Optional<Export> working = jdbc.sql(SELECT + " where operator_id = ? and state in ('QUEUED', 'BUILDING')"
                        + " order by created_at desc limit 1").param(operatorId).query(AccountExports::export).optional();
        if (working.isPresent()) {
            return working.get();
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into account_export (id, operator_id) values (?, ?)").params(id, operatorId).update();
        jobs.enqueue(JOB, id, operatorId);
        audit.record("account.export-start", "export:" + id, source);
        return get(id).orElseThrow();
    }

    /** The export if it is the acting operator's and has not expired. */
    @Transactional(readOnly = true)
    public Optional<Export> get(UUID id) {
        return jdbc.sql(SELECT + " where id = ? and (expires_at is null or expires_at > now())").param(id)
                .query(AccountExports::export).optional();
    }

    /** The acting operator's latest export that has not expired. */
    @Transactional(readOnly = true)
    public Optional<Export> latest() {
        return jdbc.sql(SELECT + " where expires_at is null or expires_at > now() order by created_at desc limit 1")
                .query(AccountExports::export).optional();
    }

    /** The ZIP, opened for its owner; audited. Empty when it is not the operator's, not ready or expired. */
    @Transactional
    public Optional<byte[]> download(UUID id, String source) {
        record Sealed(byte[] key, byte[] zip) {
        }
        Optional<byte[]> zip = jdbc.sql("""
                        select wrapped_key, sealed from account_export
                         where id = ? and state = 'READY' and expires_at > now()""").param(id)
                .query((rs, n) -> new Sealed(rs.getBytes(1), rs.getBytes(2))).optional()
                .map(s -> vault.openFile(id, PURPOSE, new Vault.SealedFile(s.key(), s.zip())));
        zip.ifPresent(bytes -> audit.record("account.export-download", "export:" + id, source));
        return zip;
    }

    private static final String SELECT = """
            select id, state, parts_done, parts_total, size_bytes, created_at, ready_at, expires_at from account_export""";

    private static Export export(ResultSet rs, int row) throws SQLException {
        return new Export(rs.getObject("id", UUID.class), Export.State.valueOf(rs.getString("state")),
                rs.getInt("parts_done"), rs.getInt("parts_total"), (Long) rs.getObject("size_bytes"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("ready_at")),
                instant(rs.getTimestamp("expires_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
