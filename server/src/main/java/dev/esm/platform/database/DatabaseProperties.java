package dev.esm.platform.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the database is. With no {@code url} ESM starts its own embedded PostgreSQL in {@code dataDir}.
 *
 * @param url          JDBC URL of an external PostgreSQL 14+ ({@code ESM_DATABASE_URL}); blank means embedded
 * @param user         the owner role: runs the migrations and owns every table ({@code ESM_DATABASE_USER})
 * @param password     the owner role's password ({@code ESM_DATABASE_PASSWORD})
 * @param appUser      the runtime role the server's pool connects as: owns nothing, no BYPASSRLS
 * @param appPassword  the runtime role's password
 * @param dataDir      ESM's own files: the embedded database and, in demo mode, the master key file
 * @param poolSize     connections in the runtime pool
 */
@ConfigurationProperties("esm.database")
public record DatabaseProperties(String url, String user, String password, String appUser, String appPassword,
                                 Path dataDir, Integer poolSize) {

    /** The runtime role when {@code esm.database.app-user} is not set: the one every demo node uses. */
    public static final String DEFAULT_APP_USER = "esm_app";

    public DatabaseProperties {
        appUser = blankTo(appUser, DEFAULT_APP_USER);
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        poolSize = poolSize == null ? 10 : poolSize;
        if (!appUser.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("esm.database.app-user must be a plain lower-case role name");
        }
    }

    public boolean embedded() {
        return url == null || url.isBlank();
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
