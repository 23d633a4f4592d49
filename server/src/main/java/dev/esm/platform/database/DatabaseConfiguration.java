package dev.esm.platform.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.platform.ActingOperator;
import dev.esm.platform.Deployment;
import dev.esm.platform.Maintenance;

/**
 * The database as ESM uses it: migrations as the owner role, then every runtime connection as a role that owns no
 * table and cannot bypass row-level security, and a transaction manager that names the acting operator at the start
 * of every transaction.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);
    static final String SCHEMA = "esm";

    /**
     * The embedded database, if any: the one {@link EarlyDatabaseStart} started and migrated while the context was
     * being built, else started here.
     */
    @Bean(destroyMethod = "close")
    EmbeddedDatabaseHolder embeddedDatabase(DatabaseProperties properties,
                                            ObjectProvider<EarlyDatabaseStart.Started> early) {
        if (!properties.embedded()) {
            return new EmbeddedDatabaseHolder(null, false);
        }
        EarlyDatabaseStart.Started started = early.getIfAvailable();
        EmbeddedDatabase migrated = started == null ? null : started.take(properties);
        return migrated != null ? new EmbeddedDatabaseHolder(migrated, true)
                : new EmbeddedDatabaseHolder(EmbeddedDatabase.start(properties.dataDir(), properties.appUser()), false);
    }

    @Bean
    DatabaseTarget databaseTarget(DatabaseProperties properties, EmbeddedDatabaseHolder embedded) {
        return target(properties, embedded.database());
    }

    /** The embedded database's roles and passwords when there is one, else the configured ones. */
    static DatabaseTarget target(DatabaseProperties properties, EmbeddedDatabase database) {
        if (database != null) {
            return new DatabaseTarget(true, database.jdbcUrl(), EmbeddedDatabase.OWNER,
                    database.password(EmbeddedDatabase.OWNER), properties.appUser(),
                    database.password(properties.appUser()));
        }
        return new DatabaseTarget(false, properties.url(), properties.user(), properties.password(),
                properties.appUser(), properties.appPassword());
    }

    /** The pool every request and job uses: connects as the runtime role, after the migrations have run. */
    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseTarget target, DatabaseProperties properties, EmbeddedDatabaseHolder embedded) {
        if (!embedded.migrated()) {
            migrate(target);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("esm");
        config.setJdbcUrl(target.url());
        config.setUsername(target.appUser());
        if (target.appPassword() != null) {
            config.setPassword(target.appPassword());
        }
        config.setSchema(SCHEMA);
        config.setMaximumPoolSize(properties.poolSize());
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "esm");
        return new HikariDataSource(config);
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new TenantTransactionManager(dataSource, () -> ActingOperator.current().orElse(null));
    }

    /** Demo mode is asked for ({@code esm.demo.enabled}, ESM_DEMO); {@code demo.DemoModeCheck} refused it elsewhere. */
    @Bean
    Deployment deployment(DatabaseProperties properties, Environment environment) {
        return new Deployment(properties.embedded(),
                properties.embedded() && environment.getProperty("esm.demo.enabled", Boolean.class, false),
                properties.dataDir());
    }

    @Bean
    Maintenance maintenance(DatabaseTarget target) {
        return new OwnerMaintenance(target);
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    @Bean
    JdbcClient jdbcClient(DataSource dataSource) {
        return JdbcClient.create(dataSource);
    }

    /** Creates the runtime role if missing, migrates as the owner, checks the runtime role (tests migrate with it too). */
    static void migrate(DatabaseTarget target) {
        long began = System.nanoTime();
        DataSource owner = target.ownerDataSource();
        ensureRuntimeRole(owner, target);
        var result = Flyway.configure()
                .dataSource(owner)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .placeholders(Map.of("app_role", target.appUser()))
                .locations("classpath:db/migration")
                .load()
                .migrate();
        checkRuntimeRole(owner, target.appUser());
        log.info("Migrations: schema {} at version {}, {} applied now, in {} ms", SCHEMA,
                result.targetSchemaVersion == null ? "(unchanged)" : result.targetSchemaVersion,
                result.migrationsExecuted, (System.nanoTime() - began) / 1_000_000);
    }

    private static void ensureRuntimeRole(DataSource owner, DatabaseTarget target) {
        try (Connection connection = owner.getConnection()) {
            if (!RoleSetup.exists(connection, "select 1 from pg_roles where rolname = ?", target.appUser())) {
                log.info("Creating the runtime role {}", target.appUser());
                RoleSetup.ensureLoginRole(connection, target.appUser(), target.appPassword(),
                        "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The runtime role " + target.appUser()
                    + " does not exist and could not be created; create it as described in docs/operations.md", e);
        }
    }

    /** Refuses to start when the runtime role could see past row-level security. */
    private static void checkRuntimeRole(DataSource owner, String appUser) {
        try (Connection connection = owner.getConnection();
             var query = connection.prepareStatement("""
                     select r.rolsuper, r.rolbypassrls,
                            (select count(*) from pg_tables t where t.schemaname = ? and t.tableowner = r.rolname)
                       from pg_roles r where r.rolname = ?""")) {
            query.setString(1, SCHEMA);
            query.setString(2, appUser);
            try (var rows = query.executeQuery()) {
                rows.next();
                if (rows.getBoolean(1) || rows.getBoolean(2) || rows.getLong(3) > 0) {
                    throw new IllegalStateException("The runtime role " + appUser
                            + " must not be a superuser, must not have BYPASSRLS and must own no table");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check the runtime role", e);
        }
    }

    /** Where the database is and which roles to use. */
    record DatabaseTarget(boolean embedded, String url, String ownerUser, String ownerPassword,
                          String appUser, String appPassword) {

        DataSource ownerDataSource() {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(url);
            if (ownerUser != null && !ownerUser.isBlank()) {
                dataSource.setUser(ownerUser);
            }
            if (ownerPassword != null) {
                dataSource.setPassword(ownerPassword);
            }
            return dataSource;
        }
    }

    /**
     * Holds the embedded server, if any, so that it stops with the application context; {@code migrated} when
     * {@link EarlyDatabaseStart} has run the migrations already.
     */
    record EmbeddedDatabaseHolder(EmbeddedDatabase database, boolean migrated) implements AutoCloseable {
        @Override
        public void close() {
            if (database != null) {
                database.close();
            }
        }
    }
}
