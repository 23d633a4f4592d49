package dev.esm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.esm.platform.database.DatabaseAccess.SiblingDatabase;

/**
 * The ESM server ({@link EsmApplication}) as a child OS process on the test JVM's class path, for tests that kill it
 * the hard way. Its settings come as environment variables (as an operator would give them; secrets stay out of the
 * command line) and system properties; its output goes to a log file. No child outlives the test JVM: every one still
 * running when the JVM exits is killed by a shutdown hook.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "server-process-reaper"));
    }

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * A node's settings as an operator would give them: {@code database} as its external database, the test server's
     * master keys, a small pool, its own files in {@code dataDir}.
     */
    public static Map<String, String> nodeEnvironment(SiblingDatabase database, Path dataDir) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("ESM_DATABASE_URL", database.url());
        environment.put("ESM_DATABASE_USER", database.ownerUser());
        if (database.ownerPassword() != null) {
            environment.put("ESM_DATABASE_PASSWORD", database.ownerPassword());
        }
        environment.put("ESM_DATABASE_APP_USER", database.appUser());
        if (database.appPassword() != null) {
            environment.put("ESM_DATABASE_APP_PASSWORD", database.appPassword());
        }
        environment.put("ESM_DATABASE_POOL_SIZE", "4");
        environment.put("ESM_DATA_DIR", dataDir.toAbsolutePath().toString());
        List<String> keys = TestDatabase.masterKeys();
        environment.put("ESM_MASTER_KEY", keys.get(0));
        environment.put("ESM_MASTER_KEY_PREVIOUS", String.join(",", keys.subList(1, keys.size())));
        return environment;
    }

    /**
     * A demo-mode node's settings: the embedded PostgreSQL in {@code dataDir} (no ESM_DATABASE_URL), the test server's
     * master keys, a small pool.
     */
    public static Map<String, String> embeddedNodeEnvironment(Path dataDir) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("ESM_DATABASE_POOL_SIZE", "4");
        environment.put("ESM_DATA_DIR", dataDir.toAbsolutePath().toString());
        List<String> keys = TestDatabase.masterKeys();
        environment.put("ESM_MASTER_KEY", keys.get(0));
        environment.put("ESM_MASTER_KEY_PREVIOUS", String.join(",", keys.subList(1, keys.size())));
        return environment;
    }

    /** Deletes the server logs ({@code server-*.log}) an earlier run left in {@code directory}. */
    public static void clearLogs(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (var logs = Files.newDirectoryStream(directory, "server-*.log")) {
                for (Path log : logs) {
                    Files.delete(log);
                }
            }
        }
    }

    /**
     * Starts a server on a free port. {@code environment} replaces every ESM_* variable the test JVM has;
     * {@code properties} are passed as -D options.
     */
    public static ServerProcess start(Map<String, String> environment, Map<String, String> properties, Path log) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // start fast and small: C1 only, class-data sharing, serial GC
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dserver.port=" + port);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EsmApplication.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("ESM_") || name.equals("SERVER_PORT"));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = builder.start();
            RUNNING.add(process);
            return new ServerProcess(process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a server process", e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to finish anything. Returns once it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Server process " + process.pid() + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            RUNNING.remove(process);
        }
    }

    /** SIGTERM, as a supervisor stops a server: it shuts down cleanly. Returns its exit code once it is gone. */
    public int stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Server process " + process.pid() + " did not stop within 60 s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            RUNNING.remove(process);
        }
    }

    /** The process's exit code once it has exited by itself within {@code timeout}; empty if it still runs. */
    public java.util.OptionalInt awaitExit(java.time.Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            RUNNING.remove(process);
            return java.util.OptionalInt.of(process.exitValue());
        }
        return java.util.OptionalInt.empty();
    }

    /** The last lines of the process's output, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive() || RUNNING.contains(process)) {
            kill();
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
