package dev.esm.platform.database;

import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.platform.Maintenance;

/** {@link Maintenance} over a short-lived owner connection, outside the runtime pool. */
final class OwnerMaintenance implements Maintenance {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    OwnerMaintenance(DatabaseConfiguration.DatabaseTarget target) {
        var dataSource = target.ownerDataSource();
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public boolean grantPlatformAdmin(String email, String source) {
        return setAdmin(email, true, source);
    }

    @Override
    public boolean revokePlatformAdmin(String email, String source) {
        return setAdmin(email, false, source);
    }

    private boolean setAdmin(String email, boolean admin, String source) {
        String normalized = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        return Boolean.TRUE.equals(transactions.execute(status -> {
            var id = jdbc.sql("update esm.operator set platform_admin = ?, updated_at = now() where email = ? returning id")
                    .params(admin, normalized).query(java.util.UUID.class).optional();
            id.ifPresent(operator -> jdbc.sql("""
                            insert into esm.audit_event (actor_id, action, target, source) values (null, ?, ?, ?)""")
                    .params(admin ? "admin.grant-platform-admin" : "admin.revoke-platform-admin",
                            "operator:" + operator, source).update());
            return id.isPresent();
        }));
    }

    @Override
    public int truncateAuditAddresses(java.time.Instant before, int batch, String source) {
        Integer cut = transactions.execute(status -> {
            int done = jdbc.sql("""
                            with due as (
                                select id from esm.audit_event
                                 where not source_truncated and at < ?
                                 order by at limit ? for update skip locked)
                            update esm.audit_event e
                               set source = esm.truncated_address(e.source), source_truncated = true
                              from due where e.id = due.id""")
                    .params(java.sql.Timestamp.from(before), batch).update();
            if (done > 0) {
                jdbc.sql("""
                                insert into esm.audit_event (actor_id, action, target, source, source_truncated)
                                values (null, 'audit.addresses-truncated', ?, ?, true)""")
                        .params("entries:" + done, source).update();
            }
            return done;
        });
        return cut == null ? 0 : cut;
    }
}
