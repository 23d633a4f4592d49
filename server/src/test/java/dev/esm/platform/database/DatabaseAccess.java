package dev.esm.platform.database;

import java.nio.file.Path;
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
            return target.url() + "?user=" + EmbeddedDatabase.SUPERUSER + "&password=" + superuserPassword(context);
        }
        return TestDatabase.superuserUrl();
    }

    /** The embedded database's superuser password (from its passwords file); null with an external database. */
    public static String superuserPassword(ApplicationContext context) {
        var embedded = context.getBean(DatabaseConfiguration.EmbeddedDatabaseHolder.class).database();
        return embedded == null ? null : embedded.password(EmbeddedDatabase.SUPERUSER);
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

    /**
     * A fresh database on the test database's server, owned by the same owner role and migrated as the server would,
     * for a server process of its own (one that must see nothing of the shared test database); dropped on close.
     */
    public static SiblingDatabase createSibling(ApplicationContext context, String prefix) throws SQLException {
        var target = context.getBean(DatabaseConfiguration.DatabaseTarget.class);
        String name = prefix + "_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        RoleSetup.requirePlainName(name);
        try (Connection db = superuser(context); java.sql.Statement sql = db.createStatement()) {
            sql.execute("CREATE DATABASE " + name + " OWNER " + target.ownerUser());
        }
        var sibling = new DatabaseConfiguration.DatabaseTarget(false, TestDatabase.replaceDatabase(target.url(), name),
                target.ownerUser(), target.ownerPassword(), target.appUser(), target.appPassword());
        SiblingDatabase database = new SiblingDatabase(name, sibling, superuserUrl(context));
        try {
            DatabaseConfiguration.migrate(sibling);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * A fresh database like {@link #createSibling}, migrated only up to the last migration before {@code version}
     * (the versions present on the class path), for a test that puts rows in as they were and then runs
     * {@link SiblingDatabase#migrate} to see a migration keep them; dropped on close.
     */
    public static SiblingDatabase createSiblingBefore(ApplicationContext context, String prefix, int version)
            throws SQLException, java.io.IOException {
        var target = context.getBean(DatabaseConfiguration.DatabaseTarget.class);
        String name = prefix + "_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        RoleSetup.requirePlainName(name);
        int before = 0;
        for (var resource : new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                .getResources("classpath:db/migration/V*__*.sql")) {
            int v = Integer.parseInt(resource.getFilename().substring(1, resource.getFilename().indexOf("__")));
            before = v < version ? Math.max(before, v) : before;
        }
        try (Connection db = superuser(context); java.sql.Statement sql = db.createStatement()) {
            sql.execute("CREATE DATABASE " + name + " OWNER " + target.ownerUser());
        }
        var sibling = new DatabaseConfiguration.DatabaseTarget(false, TestDatabase.replaceDatabase(target.url(), name),
                target.ownerUser(), target.ownerPassword(), target.appUser(), target.appPassword());
        SiblingDatabase database = new SiblingDatabase(name, sibling, superuserUrl(context));
        try {
            org.flywaydb.core.Flyway.configure().dataSource(sibling.ownerDataSource()).schemas("esm")
                    .defaultSchema("esm").placeholders(java.util.Map.of("app_role", sibling.appUser()))
                    .locations("classpath:db/migration").target(String.valueOf(before)).load().migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * Copies the rows of {@code table} whose {@code column} equals {@code value} from {@code source} into {@code sink},
     * column by column (both connections as superuser, past row-level security).
     */
    public static int copyRows(Connection source, Connection sink, String table, String column, Object value)
            throws SQLException {
        RoleSetup.requirePlainName(table.replace("esm.", ""));
        RoleSetup.requirePlainName(column);
        int copied = 0;
        try (java.sql.PreparedStatement select = source.prepareStatement(
                "select * from " + table + " where " + column + " = ?")) {
            select.setObject(1, value);
            try (java.sql.ResultSet rows = select.executeQuery()) {
                var meta = rows.getMetaData();
                java.util.List<String> columns = new java.util.ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnName(i));
                }
                String insert = "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                        + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
                while (rows.next()) {
                    try (java.sql.PreparedStatement write = sink.prepareStatement(insert)) {
                        for (int i = 1; i <= columns.size(); i++) {
                            write.setObject(i, rows.getObject(i));
                        }
                        copied += write.executeUpdate();
                    }
                }
            }
        }
        return copied;
    }

    /**
     * An embedded database of its own in {@code dataDir}, prepared as a server would prepare it (started, migrated),
     * for {@code fill} to put rows into as superuser; stopped again before this returns, for a server process to start
     * on it.
     */
    public static void prepareEmbedded(Path dataDir, String appUser, SqlConsumer fill) throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, appUser)) {
            DatabaseConfiguration.migrate(new DatabaseConfiguration.DatabaseTarget(true, database.jdbcUrl(),
                    EmbeddedDatabase.OWNER, database.password(EmbeddedDatabase.OWNER), appUser,
                    database.password(appUser)));
            try (Connection superuser = TestDatabase.connect(database.jdbcUrl(), EmbeddedDatabase.SUPERUSER,
                    database.password(EmbeddedDatabase.SUPERUSER))) {
                fill.accept(superuser);
            }
        }
    }

    /**
     * A superuser connection to the embedded database a server process runs in {@code dataDir} (its port from
     * postmaster.pid, the password from the passwords file).
     */
    public static Connection embeddedSuperuser(Path dataDir) throws SQLException {
        try {
            java.util.List<String> pid = java.nio.file.Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
            String url = "jdbc:postgresql://127.0.0.1:" + pid.get(3).strip() + "/" + EmbeddedDatabase.DATABASE;
            return TestDatabase.connect(url, EmbeddedDatabase.SUPERUSER,
                    EmbeddedPasswords.read(dataDir, EmbeddedDatabase.SUPERUSER));
        } catch (java.io.IOException | IndexOutOfBoundsException e) {
            throw new SQLException("No embedded PostgreSQL running in " + dataDir, e);
        }
    }

    /** The pid of the postmaster serving the embedded database in {@code dataDir}, if its postmaster.pid says one. */
    public static java.util.Optional<ProcessHandle> embeddedPostmaster(Path dataDir) {
        try {
            long pid = Long.parseLong(java.nio.file.Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"))
                    .get(0).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Work on a connection that may throw SQLException. */
    @FunctionalInterface
    public interface SqlConsumer {
        void accept(Connection connection) throws SQLException;
    }

    /** A database made by {@link #createSibling}: where it is, its roles, and superuser access to it. */
    public static final class SiblingDatabase implements AutoCloseable {

        private final String name;
        private final DatabaseConfiguration.DatabaseTarget target;
        private final String mainSuperuserUrl;

        private SiblingDatabase(String name, DatabaseConfiguration.DatabaseTarget target, String mainSuperuserUrl) {
            this.name = name;
            this.target = target;
            this.mainSuperuserUrl = mainSuperuserUrl;
        }

        /** The JDBC URL without credentials, as ESM_DATABASE_URL. */
        public String url() {
            return target.url();
        }

        public String ownerUser() {
            return target.ownerUser();
        }

        public String ownerPassword() {
            return target.ownerPassword();
        }

        public String appUser() {
            return target.appUser();
        }

        public String appPassword() {
            return target.appPassword();
        }

        public Connection superuser() throws SQLException {
            return TestDatabase.connect(TestDatabase.replaceDatabase(mainSuperuserUrl, name), null, null);
        }

        /**
         * Copies the rows of {@code table} whose {@code column} equals {@code value} from the test database into this
         * one, column by column, as superuser (past row-level security).
         */
        public int copyRows(ApplicationContext from, String table, String column, Object value) throws SQLException {
            try (Connection source = DatabaseAccess.superuser(from); Connection sink = superuser()) {
                return DatabaseAccess.copyRows(source, sink, table, column, value);
            }
        }

        /** Runs the remaining migrations, as the server does at start. */
        public void migrate() {
            DatabaseConfiguration.migrate(target);
        }

        /** Drops the database, ending any session still on it. */
        @Override
        public void close() throws SQLException {
            try (Connection db = TestDatabase.connect(mainSuperuserUrl, null, null);
                 java.sql.Statement sql = db.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    /**
     * A dump of the whole database: pg_dump as superuser when the client is installed (bytea as {@code \\x} hex in
     * COPY text), else {@link #rowDump} (bytea as {@code \x} hex).
     */
    public static String dump(ApplicationContext context) throws java.io.IOException, InterruptedException, SQLException {
        String[] target = hostPortDatabase(context);
        java.nio.file.Path pgDump = java.util.stream.Stream.of("/usr/bin/pg_dump", "/usr/local/bin/pg_dump")
                .map(java.nio.file.Path::of).filter(java.nio.file.Files::isExecutable).findFirst().orElse(null);
        if (pgDump != null) {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("esm-dump", ".sql");
            ProcessBuilder builder = new ProcessBuilder(pgDump.toString(), "-h", target[0], "-p", target[1], "-U",
                    target[3], "--no-password", "-f", file.toString(), target[2]).redirectErrorStream(true);
            String password = superuserPassword(context);
            if (password != null) {
                builder.environment().put("PGPASSWORD", password);
            }
            Process process = builder.start();
            String messages = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("pg_dump did not finish within 120 s");
            }
            try {
                if (process.exitValue() == 0) {
                    return java.nio.file.Files.readString(file);
                }
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
            System.err.println("pg_dump failed (" + messages.strip() + "); dumping rows over JDBC instead");
        }
        return rowDump(context);
    }
}
