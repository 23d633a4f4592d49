package dev.esm.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from Maven artifacts, keeping its cluster in {@code <dataDir>/postgres}
 * between runs. The bootstrap connects as the cluster's superuser only to create the ESM roles and database.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String DATABASE = "esm";
    static final String OWNER = "esm_owner";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDir) {
        Path cluster = dataDir.toAbsolutePath().resolve("postgres");
        try {
            Files.createDirectories(cluster.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setOverrideWorkingDirectory(dataDir.toAbsolutePath().resolve("postgres-runtime").toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100")
                    .start();
            log.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), cluster);
            EmbeddedDatabase database = new EmbeddedDatabase(postgres);
            database.createRolesAndDatabase();
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + cluster, e);
        }
    }

    private void createRolesAndDatabase() {
        try (Connection superuser = postgres.getPostgresDatabase().getConnection()) {
            RoleSetup.ensureLoginRole(superuser, OWNER, null, "NOSUPERUSER NOBYPASSRLS CREATEROLE");
            RoleSetup.ensureDatabase(superuser, DATABASE, OWNER);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the embedded database", e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl(OWNER, DATABASE);
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
