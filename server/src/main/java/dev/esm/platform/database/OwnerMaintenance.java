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
    public int forgetAuditOf(java.util.UUID actorId, java.util.Collection<String> targets, String source) {
        Integer removed = transactions.execute(status -> {
            // a target may name several records ("store:<id> invitation:<id>"): any of its words counts
            int count = jdbc.sql("""
                            delete from esm.audit_event
                             where actor_id = ?
                                or string_to_array(target, ' ') && ?::text[]""")
                    .params(actorId, targets.toArray(String[]::new)).update();
            if (source != null) {
                jdbc.sql("insert into esm.audit_event (actor_id, action, target, source) values (null, ?, null, ?)")
                        .params("account.deleted", dev.esm.platform.AuditTrail.internalSource(source)).update();
            }
            return count;
        });
        return removed == null ? 0 : removed;
    }
}
