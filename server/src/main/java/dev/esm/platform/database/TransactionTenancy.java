package dev.esm.platform.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Points the transaction already open on this thread at another acting operator. {@code TenantTransactionManager}
 * names the operator when a transaction begins; code that starts acting for an operator inside a transaction begun
 * without one (an event listener's transaction, ADR 24) would otherwise see every tenant table as empty. Used by
 * {@code ActingOperator.runAs} only, which points the transaction back when it returns.
 */
public final class TransactionTenancy {

    private TransactionTenancy() {
    }

    /** Sets the acting operator ({@code null}: none) of the transaction open on this thread, if there is one. */
    public static void apply(UUID operator) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return;
        }
        for (Object resource : TransactionSynchronizationManager.getResourceMap().values()) {
            if (resource instanceof ConnectionHolder holder && holder.isSynchronizedWithTransaction()) {
                set(holder.getConnection(), operator);
            }
        }
    }

    private static void set(Connection connection, UUID operator) {
        try (PreparedStatement statement = connection.prepareStatement("select set_config(?, ?, true)")) {
            statement.setString(1, TenantTransactionManager.SETTING);
            statement.setString(2, operator == null ? "" : operator.toString());
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the acting operator of the transaction", e);
        }
    }
}
