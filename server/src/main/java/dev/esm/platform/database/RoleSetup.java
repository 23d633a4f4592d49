package dev.esm.platform.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Idempotent creation of the roles and database ESM needs; names are validated before they reach SQL. */
final class RoleSetup {

    private RoleSetup() {
    }

    static void ensureLoginRole(Connection admin, String role, String password, String attributes) throws SQLException {
        requirePlainName(role);
        if (exists(admin, "select 1 from pg_roles where rolname = ?", role)) {
            return;
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN " + attributes
                    + (password == null ? "" : " PASSWORD " + quoteLiteral(scramVerifier(password))));
        }
    }

    static void ensureDatabase(Connection admin, String database, String owner) throws SQLException {
        requirePlainName(database);
        requirePlainName(owner);
        if (exists(admin, "select 1 from pg_database where datname = ?", database)) {
            return;
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database + " OWNER " + owner + " ENCODING 'UTF8'");
        }
    }

    static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    static void requirePlainName(String name) {
        if (name == null || !name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain lower-case PostgreSQL name: " + name);
        }
    }

    /** The password as PostgreSQL stores it (SCRAM-SHA-256), so that the clear text never reaches the server. */
    static String scramVerifier(String password) {
        return org.postgresql.util.PasswordUtil.encodeScramSha256(password.toCharArray());
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
