package dev.esm.platform.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Starts every transaction by naming the acting operator with a transaction-local setting, so that row-level
 * security sees it and a pooled connection never carries one operator's identity into another's work. With no
 * acting operator the setting is left empty and every tenant table reads as empty.
 */
final class TenantTransactionManager extends JdbcTransactionManager {

    static final String SETTING = "esm.operator_id";

    private final transient Supplier<UUID> actingOperator;

    TenantTransactionManager(DataSource dataSource, Supplier<UUID> actingOperator) {
        super(dataSource);
        this.actingOperator = actingOperator;
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        UUID operator = actingOperator.get();
        try (PreparedStatement statement = connection.prepareStatement("select set_config(?, ?, true)")) {
            statement.setString(1, SETTING);
            statement.setString(2, operator == null ? "" : operator.toString());
            statement.execute();
        }
    }
}
