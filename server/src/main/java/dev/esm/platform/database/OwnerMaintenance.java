package dev.esm.platform.database;

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
    public <T> T asOwner(OwnerWork<T> work) {
        return transactions.execute(status -> work.run(jdbc, (action, target, source) -> jdbc.sql("""
                        insert into esm.audit_event (actor_id, action, target, source) values (null, ?, ?, ?)""")
                .params(action, target, source).update()));
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
