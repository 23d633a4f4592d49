package dev.esm.platform.database;

import java.sql.Connection;
import java.sql.SQLException;

import org.springframework.context.ApplicationContext;

import dev.esm.TestDatabase;

/** Test access to the database beneath a running server: as superuser, and as the runtime role. */
public final class DatabaseAccess {

    private DatabaseAccess() {
    }

    public static String superuserUrl(ApplicationContext context) {
        var target = context.getBean(DatabaseConfiguration.DatabaseTarget.class);
        if (target.embedded()) {
            return target.url() + "?user=postgres";
        }
        return TestDatabase.superuserUrl();
    }

    public static Connection superuser(ApplicationContext context) throws SQLException {
        return TestDatabase.connect(superuserUrl(context), null, null);
    }

    public static Connection runtimeRole(ApplicationContext context) throws SQLException {
        var target = context.getBean(DatabaseConfiguration.DatabaseTarget.class);
        return TestDatabase.connect(target.url(), target.appUser(), target.appPassword());
    }

    /** Connections as the runtime role outside the server's pool: what another node would have. */
    public static javax.sql.DataSource runtimeRoleDataSource(ApplicationContext context) {
        var target = context.getBean(DatabaseConfiguration.DatabaseTarget.class);
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setUrl(target.url());
        dataSource.setUser(target.appUser());
        dataSource.setPassword(target.appPassword());
        return dataSource;
    }

    public static String runtimeRoleName(ApplicationContext context) {
        return context.getBean(DatabaseConfiguration.DatabaseTarget.class).appUser();
    }

    public static String ownerRoleName(ApplicationContext context) {
        return context.getBean(DatabaseConfiguration.DatabaseTarget.class).ownerUser();
    }

    /** Every row of every table of the database, as text (bytea as hex), read as superuser: a dump without pg_dump. */
    public static String rowDump(ApplicationContext context) throws SQLException {
        StringBuilder dump = new StringBuilder();
        try (Connection db = superuser(context); java.sql.Statement sql = db.createStatement()) {
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (java.sql.ResultSet rows = sql.executeQuery("select quote_ident(schemaname) || '.' || quote_ident(tablename) "
                    + "from pg_tables where schemaname not in ('pg_catalog', 'information_schema')")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (java.sql.ResultSet rows = sql.executeQuery("select t::text from " + table + " t")) {
                    while (rows.next()) {
                        dump.append(table).append(' ').append(rows.getString(1)).append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }

    /** host:port and database name, for pg_dump. */
    public static String[] hostPortDatabase(ApplicationContext context) {
        String url = superuserUrl(context);
        String rest = url.substring("jdbc:postgresql://".length());
        String hostPort = rest.substring(0, rest.indexOf('/'));
        String database = rest.substring(rest.indexOf('/') + 1).replaceAll("\\?.*", "");
        String user = url.contains("user=") ? url.replaceAll(".*[?&]user=([^&]*).*", "$1") : "postgres";
        return new String[] {hostPort.substring(0, hostPort.lastIndexOf(':')),
                hostPort.substring(hostPort.lastIndexOf(':') + 1), database, user};
    }
}
