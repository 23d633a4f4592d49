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
}
