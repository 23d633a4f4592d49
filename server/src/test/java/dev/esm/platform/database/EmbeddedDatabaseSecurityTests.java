package dev.esm.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL against another local user (issue 8, items 1 and 2): the OS user {@code nobody}, as whom
 * commands run through {@code runuser} (so these tests need root, as in CI; elsewhere they are skipped with a
 * message). Nobody may connect without the password, over TCP or the Unix socket, nor write into any directory under
 * ESM_DATA_DIR; and a data directory made by the older ESM (trust authentication, no passwords, binaries in a 0777
 * directory) is upgraded at start.
 */
class EmbeddedDatabaseSecurityTests {

    private static final String OTHER_USER = "nobody";
    private static final String APP_ROLE = "esm_app";

    @BeforeAll
    static void needsAnotherUser() throws Exception {
        boolean root = PrivateFiles.uid() == 0;
        boolean runuser = root && runAsOther(List.of("true")).exitCode() == 0;
        Assumptions.assumeTrue(root && runuser, "Skipped: acting as another OS user needs root and runuser (uid "
                + PrivateFiles.uid() + ")");
    }

    @Test
    void anotherUserCanNeitherConnectWithoutThePasswordNorWriteUnderTheDataDirectory() throws Exception {
        Path parent = openDirectory(Files.createTempDirectory("esm-access-"));
        Path dataDir = parent.resolve("data");
        // a world-writable directory, as an operator might have made it
        Files.createDirectory(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, APP_ROLE)) {
            assertThat(entriesOthersMayUse(dataDir)).as("entries with group or other permissions").isEmpty();
            assertThat(writableByOther(dataDir)).as("directories " + OTHER_USER + " can write to").isEmpty();
            assertThat(runAsOther(List.of("cat", dataDir.resolve(EmbeddedPasswords.FILE).toString())).exitCode())
                    .as("reading the passwords file").isNotZero();

            // even with ESM_DATA_DIR itself opened up, every directory below keeps others out on its own
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertThat(writableByOther(dataDir)).as("directories " + OTHER_USER + " can write to").isEmpty();
            Path probe = probeClassPath(parent);
            String port = String.valueOf(database.port());
            for (String role : List.of(EmbeddedDatabase.SUPERUSER, EmbeddedDatabase.OWNER, APP_ROLE)) {
                assertThat(probe(probe, "tcp", port, role)).as("TCP as " + role + " without a password")
                        .startsWith("REFUSED");
                assertThat(probe(probe, "tcp", port, role, "not-the-password")).as("TCP as " + role
                        + " with a wrong password").isEqualTo("REFUSED 28P01");
            }
            // the control: the same probe, as the same user, gets in with the password
            assertThat(probe(probe, "tcp", port, APP_ROLE, database.password(APP_ROLE))).isEqualTo("CONNECTED");

            Path socket = dataDir.resolve("postgres-socket").resolve(".s.PGSQL." + port);
            assertThat(socket).exists();
            assertThat(probe(probe, "socket", socket.toString())).as("the Unix socket").startsWith("UNREACHABLE");
            assertThat(Path.of("/tmp", ".s.PGSQL." + port)).doesNotExist();
            // the socket itself asks for a password too (as the server's user, who can reach it)
            assertThat(ConnectionProbe.socket(socket.toString())).startsWith("PASSWORD-REQUIRED");
        } finally {
            delete(parent);
        }
    }

    @Test
    void aDataDirectoryOfTheOlderTrustSetupIsUpgradedAtStart() throws Exception {
        Path parent = openDirectory(Files.createTempDirectory("esm-upgrade-"));
        Path dataDir = parent.resolve("data");
        Files.createDirectories(dataDir);
        // what ESM made before: zonky's builder with trust authentication, roles without passwords
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setOverrideWorkingDirectory(dataDir.resolve("postgres-runtime").toFile())
                .start()) {
            try (Connection superuser = legacy.getPostgresDatabase().getConnection();
                 Statement sql = superuser.createStatement()) {
                sql.execute("CREATE ROLE esm_owner LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE");
                sql.execute("CREATE ROLE esm_app LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT");
                sql.execute("CREATE DATABASE esm OWNER esm_owner");
            }
            try (Connection owner = legacy.getDatabase("esm_owner", "esm").getConnection();
                 Statement sql = owner.createStatement()) {
                sql.execute("CREATE TABLE legacy_marker (note text)");
                sql.execute("INSERT INTO legacy_marker VALUES ('kept')");
            }
        }
        Files.setPosixFilePermissions(dataDir.resolve("postgres-runtime"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(dataDir.resolve(EmbeddedPasswords.FILE)).doesNotExist();

        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, APP_ROLE)) {
            String url = database.jdbcUrl();
            for (String role : List.of(EmbeddedDatabase.SUPERUSER, EmbeddedDatabase.OWNER, APP_ROLE)) {
                assertThatThrownBy(() -> connect(url, role, null)).as(role + " without a password")
                        .isInstanceOf(SQLException.class);
                try (Connection ignored = connect(url, role, database.password(role))) {
                    // each role has its generated password now
                }
            }
            try (Connection owner = connect(url, EmbeddedDatabase.OWNER, database.password(EmbeddedDatabase.OWNER));
                 Statement sql = owner.createStatement();
                 ResultSet rows = sql.executeQuery("select note from legacy_marker")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("kept");
            }
            assertThat(Files.getPosixFilePermissions(dataDir.resolve(EmbeddedPasswords.FILE)))
                    .isEqualTo(PrivateFiles.FILE);
            try (Stream<Path> runtimes = Files.list(dataDir.resolve("postgres-runtime"))) {
                assertThat(runtimes.map(p -> p.getFileName().toString()).toList())
                        .as("only ESM's own verified unpacking is left").singleElement()
                        .satisfies(name -> assertThat(name).startsWith("pg-"));
            }
            assertThat(entriesOthersMayUse(dataDir)).as("entries with group or other permissions").isEmpty();
            assertThat(writableByOther(dataDir)).isEmpty();
            assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf"))).doesNotContain("trust")
                    .contains("scram-sha-256");
        } finally {
            delete(parent);
        }
    }

    @Test
    void binariesChangedOnDiskAreUnpackedAgainBeforeTheyRun() throws Exception {
        Path parent = openDirectory(Files.createTempDirectory("esm-runtime-"));
        try {
            Path root = parent.resolve("postgres-runtime");
            PostgresRuntime runtime = PostgresRuntime.prepare(root);
            assertThat(PostgresRuntime.verify(runtime.home())).isNull();
            byte[] original = Files.readAllBytes(runtime.bin("postgres"));
            Files.writeString(runtime.bin("postgres"), "#!/bin/sh\necho planted\n");
            assertThat(PostgresRuntime.verify(runtime.home())).contains("bin/postgres");

            PostgresRuntime again = PostgresRuntime.prepare(root);
            assertThat(again.home()).isEqualTo(runtime.home());
            assertThat(Files.readAllBytes(again.bin("postgres"))).isEqualTo(original);
            assertThat(PostgresRuntime.verify(again.home())).isNull();
            // a directory opened to others is not trusted either
            Files.setPosixFilePermissions(again.home().resolve("lib"), PosixFilePermissions.fromString("rwxrwxrwx"));
            assertThat(PostgresRuntime.verify(again.home())).contains("lib");
        } finally {
            delete(parent);
        }
    }

    // ---- helpers

    private static Connection connect(String url, String role, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    /** Every file or directory under {@code root} (itself included) that grants anything to group or others. */
    private static List<String> entriesOthersMayUse(Path root) throws IOException {
        Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        List<String> open = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                var permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                if (permissions.stream().anyMatch(others::contains)) {
                    open.add(root.relativize(path) + " " + PosixFilePermissions.toString(permissions));
                }
            }
        }
        return open;
    }

    /** The directories under {@code root} (itself included) in which the other user can create a file. */
    private static List<String> writableByOther(Path root) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "for d in \"$@\"; do if touch \"$d/.probe-other-user\" 2>/dev/null; then echo \"$d\"; fi; done", "sh"));
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> command.add(p.toString()));
        }
        assertThat(command).hasSizeGreaterThan(20);
        Result result = runAsOther(command);
        return result.output().lines().filter(line -> !line.isBlank()).toList();
    }

    /** A class path the other user can read: the probe's class and the PostgreSQL driver. */
    private static Path probeClassPath(Path parent) throws Exception {
        Path directory = Files.createDirectories(parent.resolve("probe/dev/esm/platform/database"));
        try (InputStream in = ConnectionProbe.class.getResourceAsStream("ConnectionProbe.class")) {
            Files.copy(in, directory.resolve("ConnectionProbe.class"));
        }
        Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(driver, parent.resolve("probe/pgjdbc.jar"));
        try (Stream<Path> walk = Files.walk(parent.resolve("probe"))) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                        Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return parent.resolve("probe");
    }

    private static String probe(Path classPath, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xshare:off", "-cp", classPath + ":" + classPath.resolve("pgjdbc.jar"),
                ConnectionProbe.class.getName()));
        command.addAll(List.of(args));
        Result result = runAsOther(command);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result runAsOther(List<String> command) throws Exception {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", OTHER_USER, "--"));
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).directory(new java.io.File("/")).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + full);
        }
        return new Result(process.exitValue(), output);
    }

    private static Path openDirectory(Path directory) throws IOException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        return directory;
    }

    private static void delete(Path root) {
        PrivateFiles.deleteTree(root);
    }
}
