package dev.esm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The database the integration tests run on. By default ESM's own embedded PostgreSQL in a fresh temporary data
 * directory. With ESM_TEST_DATABASE_URL (a JDBC URL to an existing server, as a role that may create roles and
 * databases, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}) a fresh database and fresh owner
 * and runtime roles on that server, dropped when the JVM exits.
 */
public final class TestDatabase {

    private static Map<String, String> properties;
    private static String superuserUrl;

    private TestDatabase() {
    }

    public static synchronized Map<String, String> properties() {
        if (properties == null) {
            String external = System.getenv("ESM_TEST_DATABASE_URL");
            properties = external == null || external.isBlank() ? embedded() : external(external);
        }
        return properties;
    }

    public static boolean external() {
        String external = System.getenv("ESM_TEST_DATABASE_URL");
        return external != null && !external.isBlank();
    }

    /**
     * The master keys the test server uses, the primary first: the test's ESM_MASTER_KEY with an external database, else
     * the key file the embedded (demo-mode) server created in its data directory.
     */
    public static List<String> masterKeys() {
        String fromEnvironment = properties().get("esm.crypto.master-key");
        if (fromEnvironment != null) {
            return List.of(fromEnvironment);
        }
        Path file = Path.of(properties().get("esm.database.data-dir")).resolve("master.key");
        try {
            return Files.readAllLines(file, java.nio.charset.StandardCharsets.US_ASCII).stream()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Could not read the test server's master key file " + file, e);
        }
    }

    /** A JDBC URL to the test database as a superuser (for dumps and role checks); embedded: set by the tests. */
    public static synchronized String superuserUrl() {
        return superuserUrl;
    }

    public static synchronized void superuserUrl(String url) {
        superuserUrl = url;
    }

    private static Map<String, String> embedded() {
        try {
            Path dataDir = Files.createTempDirectory("esm-test-");
            Map<String, String> values = new LinkedHashMap<>();
            values.put("esm.database.data-dir", dataDir.toString());
            return values;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> external(String adminUrl) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String database = "esm_t_" + suffix;
        String owner = "esm_t_" + suffix + "_owner";
        String app = "esm_t_" + suffix + "_app";
        String ownerPassword = UUID.randomUUID().toString();
        String appPassword = UUID.randomUUID().toString();
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE " + owner + " LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE PASSWORD '" + ownerPassword + "'");
            sql.execute("CREATE DATABASE " + database + " OWNER " + owner);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare a test database on ESM_TEST_DATABASE_URL", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(adminUrl, database, owner, app)));
        String databaseUrl = replaceDatabase(adminUrl, database);
        superuserUrl = databaseUrl;
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("esm.database.url", withoutUser(databaseUrl));
        values.put("esm.database.user", owner);
        values.put("esm.database.password", ownerPassword);
        values.put("esm.database.app-user", app);
        values.put("esm.database.app-password", appPassword);
        values.put("esm.crypto.master-key", Base64.getEncoder().encodeToString(key));
        return values;
    }

    private static void drop(String adminUrl, String database, String owner, String app) {
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            sql.execute("DROP ROLE IF EXISTS " + app);
            sql.execute("DROP ROLE IF EXISTS " + owner);
        } catch (SQLException e) {
            System.err.println("Could not drop the test database " + database + ": " + e.getMessage());
        }
    }

    /** {@code url} with its database name replaced, keeping its parameters. */
    public static String replaceDatabase(String url, String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    private static String withoutUser(String url) {
        return url.replaceAll("([?&])(user|password)=[^&]*&?", "$1").replaceAll("[?&]$", "");
    }

    /** Opens a connection as the given role to the test database, for tests that check the database itself. */
    public static Connection connect(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(url, props);
    }
}
