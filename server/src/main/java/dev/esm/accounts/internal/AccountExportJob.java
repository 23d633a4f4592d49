package dev.esm.accounts.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.accounts.AccountExports;
import dev.esm.accounts.spi.Csv;
import dev.esm.accounts.spi.OperatorData;
import dev.esm.accounts.spi.OperatorData.ExportFile;
import dev.esm.platform.AuditTrail;
import dev.esm.platform.Vault;
import dev.esm.platform.jobs.JobAttempt;
import dev.esm.platform.jobs.JobHandler;
import dev.esm.platform.jobs.JobResult;

/**
 * Builds an operator's data export (ADR 34) as the {@code account-export} job, acting for the operator: the account's
 * own files, then each module's ({@link OperatorData#export}), counting parts done on the export's row so its page
 * shows progress; the ZIP is sealed under a key of its own ({@link Vault#sealFile}) and stored in the row, ready for
 * 24 hours. Built in memory: an operator's export is expected to be megabytes, not gigabytes.
 */
@Component
class AccountExportJob implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(AccountExportJob.class);
    static final Duration KEEP = Duration.ofHours(24);
    private static final int ATTEMPTS = 3;

    private final ObjectProvider<OperatorData> modules;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Vault vault;
    private final AuditTrail audit;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    AccountExportJob(ObjectProvider<OperatorData> modules, JdbcClient jdbc, TransactionTemplate transactions,
                     Vault vault, AuditTrail audit) {
        this.modules = modules;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.vault = vault;
        this.audit = audit;
    }

    @Override
    public String kind() {
        return AccountExports.JOB;
    }

    @Override
    public int maxAttempts() {
        return ATTEMPTS;
    }

    @Override
    public JobResult run(JobAttempt attempt) {
        UUID id = attempt.subject();
        UUID operator = attempt.owner();
        String state = transactions.execute(tx -> jdbc.sql("select state from account_export where id = ?").param(id)
                .query(String.class).optional().orElse(null));
        if (state == null || state.equals("READY") || state.equals("FAILED")) {
            return JobResult.done();
        }
        try {
            List<OperatorData> parts = modules.orderedStream().toList();
            progress(id, 0, parts.size() + 1, "BUILDING");
            List<ExportFile> files = new ArrayList<>(own(operator));
            progress(id, 1, parts.size() + 1, "BUILDING");
            for (int i = 0; i < parts.size(); i++) {
                files.addAll(parts.get(i).export(operator));
                progress(id, i + 2, parts.size() + 1, "BUILDING");
                attempt.heartbeat();
            }
            byte[] zip = zip(files);
            Vault.SealedFile sealed = vault.sealFile(id, AccountExports.PURPOSE, zip);
            transactions.executeWithoutResult(tx -> {
                jdbc.sql("""
                                update account_export set state = 'READY', wrapped_key = ?, sealed = ?, size_bytes = ?,
                                    ready_at = now(), expires_at = now() + ? * interval '1 second'
                                 where id = ?""")
                        .params(sealed.wrappedKey(), sealed.ciphertext(), (long) zip.length, KEEP.toSeconds(), id)
                        .update();
                audit.record("account.export", "export:" + id, "account-export");
            });
            log.info("Data export {} of operator {} ready: {} files, {} bytes", id, operator, files.size(), zip.length);
            return JobResult.done();
        } catch (RuntimeException e) {
            log.warn("Data export {} of operator {} failed (attempt {})", id, operator, attempt.number(), e);
            if (attempt.number() >= ATTEMPTS) {
                transactions.executeWithoutResult(tx -> jdbc.sql(
                        "update account_export set state = 'FAILED' where id = ?").param(id).update());
                return JobResult.failed("The export could not be built.");
            }
            return JobResult.backoff("The export could not be built; trying again.");
        }
    }

    private void progress(UUID id, int done, int total, String state) {
        transactions.executeWithoutResult(tx -> jdbc.sql(
                        "update account_export set state = ?, parts_done = ?, parts_total = ? where id = ?")
                .params(state, done, total, id).update());
    }

    /** The account's own part: the account, its API tokens (names and hints only), its audit entries, a README. */
    private List<ExportFile> own(UUID operator) {
        Map<String, Object> account = transactions.execute(tx -> jdbc.sql("""
                        select id, email, name, time_zone, created_at, updated_at from operator where id = ?""")
                .param(operator).query((rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getObject("id", UUID.class));
                    row.put("email", rs.getString("email"));
                    row.put("name", rs.getString("name"));
                    row.put("timeZone", rs.getString("time_zone"));
                    row.put("createdAt", rs.getTimestamp("created_at").toInstant());
                    row.put("updatedAt", rs.getTimestamp("updated_at").toInstant());
                    return row;
                }).single());
        List<Object[]> tokens = transactions.execute(tx -> jdbc.sql("""
                        select name, hint, created_at, last_used_at from api_token where operator_id = ?
                         order by created_at""").param(operator)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()}).list());
        List<AuditTrail.Entry> entries = transactions.execute(tx -> audit.mine());
        Csv auditCsv = new Csv("at", "action", "target", "source");
        entries.forEach(e -> auditCsv.row(e.at(), e.action(), e.target(), e.source()));
        return List.of(
                new ExportFile("README.txt", README.getBytes(StandardCharsets.UTF_8)),
                new ExportFile("account/account.json", json.writeValueAsBytes(account)),
                new ExportFile("account/api-tokens.csv", new Csv("name", "hint", "created_at", "last_used_at")
                        .rows(tokens).bytes()),
                new ExportFile("account/audit.csv", auditCsv.bytes()));
    }

    static byte[] zip(List<ExportFile> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (ExportFile file : files) {
                zip.putNextEntry(new ZipEntry(file.path()));
                zip.write(file.content());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static final String README = """
            Your data in ESM (Ecom Store Manager)
            =====================================

            account/account.json     your account: id, email, name, time zone, when it was made
            account/api-tokens.csv   your API tokens: name and the last characters shown in ESM (never the secret)
            account/audit.csv        what you did in ESM, when and from where (the audit log of your account)
            stores/stores.json       your stores and the stores shared with you: marketplace, name, whether connected,
                                     who you shared them with and whom you invited (never the credentials)
            orders/orders.json       the orders of the stores you own, with their lines and the buyer's details ESM
                                     still holds (removed buyer details are not there any more)
            orders/orders.csv        the same orders, one row per order line
            shipping/shipments.csv   the shipments and labels of your stores: carrier, service, tracking, cost, state
                                     (the label files themselves are not included; download them from ESM while your
                                     account exists)
            shipping/settings.json   your stores' shipping settings, ship-from addresses and package presets (never
                                     the provider's API key)

            ESM keeps no listings of yours, so there are none here. Files are UTF-8; CSV files are comma-separated with
            a header row. This file is available for 24 hours after it was made; then ESM deletes it.
            """;
}
