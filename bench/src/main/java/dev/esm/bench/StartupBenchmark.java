package dev.esm.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import dev.esm.sandbox.SandboxMain;

/**
 * Start-to-healthy time of the packaged server in demo mode: from launching the JVM until {@code GET /actuator/health}
 * answers {"status":"UP"}. A first start creates the embedded PostgreSQL cluster, the master key and the demo data in an
 * empty data directory; a warm start reuses them. Each is measured with the JVM's defaults and with
 * {@code -XX:TieredStopAtLevel=1} (as {@code spring-boot:run}, the demo command, launches it).
 * <p>
 * Demo mode needs the simulators, which the production jar does not carry (ADR 20): a jar without them is launched
 * through Spring Boot's {@code PropertiesLauncher} with the sandbox jar (and its own library, ZXing) on
 * {@code loader.path}, the jar's classes and libraries unchanged; a jar that still carries them (before ADR 20) is
 * launched with {@code java -jar}. {@code ESM_DEMO=true} either way (ignored by jars that predate it).
 * <p>
 * Where the time goes is read from the server's own log: the time of each marker line after the launch (log time
 * minus launch time, same clock). Prints each run, the medians, and the median of each phase.
 * <p>
 * Beside the wall time, the JVM's CPU time (user + system, from /proc) at the moment health answers UP, which the
 * machine's load distorts much less, and the 1-minute load average before each start.
 * {@code -Dbench.startup.baseline=<other esm.jar>} measures an A/B: run i of the baseline right before run i of the
 * jar under test, alternately, each with its own fresh data directory.
 */
public final class StartupBenchmark {

    /** How long a start may take before the benchmark gives up (a loaded machine needs more than the default 6). */
    private static final long TIMEOUT_MINUTES = Long.getLong("bench.startup.timeoutMinutes", 6);
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Pattern TIME = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+[+-]\\d\\d:\\d\\d|"
            + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z)\\s");
    /** Log markers, in the order they appear in a start; a phase ends at its marker. */
    private static final Map<String, String> MARKERS = new LinkedHashMap<>();

    static {
        MARKERS.put("JVM, launcher, environment (simulators)", "Starting EsmApplication");
        MARKERS.put("context up to the embedded database", "Preparing the embedded PostgreSQL");
        MARKERS.put("embedded PostgreSQL", "Embedded PostgreSQL started");
        MARKERS.put("migrations (Flyway)", "Migrations");
        MARKERS.put("other beans up to Tomcat", "Tomcat started on port");
        MARKERS.put("rest of the context", "Started EsmApplication");
    }

    public static void main(String[] args) throws Exception {
        if (!BenchServer.selected("startup")) {
            return;
        }
        Path jar = Path.of(args.length > 0 ? args[0] : "server/target/esm.jar").toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // -Dbench.startup.baseline=<another esm.jar>: A/B, the baseline's run i right before this jar's run i
        String baselineProperty = System.getProperty("bench.startup.baseline", "").strip();
        List<Jar> jars = new ArrayList<>();
        if (!baselineProperty.isEmpty()) {
            jars.add(jar("baseline", Path.of(baselineProperty).toAbsolutePath().normalize()));
        }
        jars.add(jar(baselineProperty.isEmpty() ? "server" : "candidate", jar));
        List<String> summary = new ArrayList<>();
        // -Dbench.startup.launch=default or =c1 for one of the two launches only
        String launch = System.getProperty("bench.startup.launch", "").strip();
        List<List<String>> launches = new ArrayList<>();
        if (!launch.equals("c1")) {
            launches.add(List.of());
        }
        if (!launch.equals("default")) {
            launches.add(List.of("-XX:TieredStopAtLevel=1"));
        }
        for (List<String> jvmOptions : launches) {
            Map<Jar, Results> results = new LinkedHashMap<>();
            jars.forEach(each -> results.put(each, new Results()));
            for (int run = 1; run <= runs; run++) {
                for (Jar each : jars) {
                    Results result = results.get(each);
                    Path dataDir = Files.createTempDirectory("esm-bench-");
                    try {
                        String loadFirst = loadAverage();
                        Start first = startToHealthy(each, dataDir, jvmOptions, "first");
                        String loadWarm = loadAverage();
                        Start warm = startToHealthy(each, dataDir, jvmOptions, "warm");
                        result.add(first, warm, loadFirst + " / " + loadWarm);
                        System.out.printf("%s, run %d: first start %.2f s (JVM CPU %.2f s), warm start %.2f s (JVM CPU "
                                        + "%.2f s); load average before each %s / %s (%s)%n", each.label(jvmOptions), run,
                                first.total(), first.cpu(), warm.total(), warm.cpu(), loadFirst, loadWarm,
                                format(warm.phases()));
                    } finally {
                        BenchServer.deleteTree(dataDir);
                    }
                }
            }
            results.forEach((each, result) -> summary.add(String.format("startup to healthy, %s (median of %d, %d "
                            + "cores): first start %.2f s (JVM CPU %.2f s), warm start %.2f s (JVM CPU %.2f s); warm runs "
                            + "%s s, warm JVM CPU %s s; load averages %s; warm start phases (medians): %s",
                    each.label(jvmOptions), runs, Runtime.getRuntime().availableProcessors(), median(result.first),
                    median(result.firstCpu), median(result.warm), median(result.warmCpu), list(result.warm),
                    list(result.warmCpu), result.loads, format(result.medianPhases()))));
        }
        summary.forEach(System.out::println);
    }

    private record Jar(String name, Path path, boolean carriesSandbox) {
        String label(List<String> jvmOptions) {
            return name + " " + path.getFileName() + ": java " + (jvmOptions.isEmpty() ? ""
                    : String.join(" ", jvmOptions) + " ") + (carriesSandbox ? "-jar" : "PropertiesLauncher");
        }
    }

    private static Jar jar(String name, Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            System.err.println("No server jar at " + path + "; build it first (./mvnw -P bench package -DskipTests)");
            System.exit(2);
        }
        boolean carriesSandbox;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            carriesSandbox = zip.stream().anyMatch(entry -> entry.getName().contains("esm-sandbox"));
        }
        System.out.println(name + " jar " + path + (carriesSandbox ? " carries the simulators: java -jar"
                : " has no simulator: PropertiesLauncher with loader.path=" + sandboxPath()));
        return new Jar(name, path, carriesSandbox);
    }

    private static final class Results {
        final List<Double> first = new ArrayList<>();
        final List<Double> firstCpu = new ArrayList<>();
        final List<Double> warm = new ArrayList<>();
        final List<Double> warmCpu = new ArrayList<>();
        final Map<String, List<Double>> warmPhases = new LinkedHashMap<>();
        final List<String> loads = new ArrayList<>();

        void add(Start firstStart, Start warmStart, String load) {
            first.add(firstStart.total());
            firstCpu.add(firstStart.cpu());
            warm.add(warmStart.total());
            warmCpu.add(warmStart.cpu());
            warmStart.phases().forEach((phase, seconds) ->
                    warmPhases.computeIfAbsent(phase, k -> new ArrayList<>()).add(seconds));
            loads.add(load);
        }

        Map<String, Double> medianPhases() {
            Map<String, Double> medians = new LinkedHashMap<>();
            warmPhases.forEach((phase, values) -> medians.put(phase, median(values)));
            return medians;
        }
    }

    private static String list(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%.2f", v)).toList());
    }

    /** The 1-minute load average (of /proc/loadavg), the machine's business when a start begins. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /**
     * CPU time (user + system) the JVM's process has used so far, in seconds, from /proc/PID/stat (fields 14 and 15,
     * in clock ticks of 1/100 s, Linux's USER_HZ); NaN where there is no /proc. The embedded PostgreSQL's processes
     * are not the JVM's and not counted.
     */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime field 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The sandbox jar (or classes) and ZXing, which the sandbox needs beside what the server jar has. */
    private static String sandboxPath() {
        return location(SandboxMain.class) + "," + location(com.google.zxing.BarcodeFormat.class);
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Start(double total, double cpu, Map<String, Double> phases) {
    }

    private static Start startToHealthy(Jar jar, Path dataDir, List<String> jvmOptions, String kind) throws Exception {
        int port = BenchServer.freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (jar.carriesSandbox()) {
            command.addAll(List.of("-jar", jar.path().toString()));
        } else {
            command.addAll(List.of("-Dloader.path=" + sandboxPath(), "-cp", jar.path().toString(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ESM_DATA_DIR", dataDir.toString());
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("ESM_DEMO", "true");
        builder.environment().put("ESM_DEMO_PASSWORD", "benchmark-demo-password");
        builder.environment().remove("ESM_DATABASE_URL");
        builder.environment().remove("ESM_SANDBOX");
        Path log = dataDir.resolve("server-" + kind + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Instant launched = Instant.now();
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            URI health = URI.create("http://localhost:" + port + "/actuator/health");
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The server exited; its log:\n" + Files.readString(log));
                }
                if (System.nanoTime() - start > Duration.ofMinutes(TIMEOUT_MINUTES).toNanos()) {
                    throw new IllegalStateException("Not healthy after " + TIMEOUT_MINUTES + " minutes "
                            + "(-Dbench.startup.timeoutMinutes)");
                }
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(health)
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                        double total = (System.nanoTime() - start) / 1e9;
                        double cpu = cpuSeconds(process.pid());
                        return new Start(total, cpu, phases(log, launched, total));
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Seconds spent in each phase: from the previous marker found (or the launch) to this one's log time. */
    private static Map<String, Double> phases(Path log, Instant launched, double total) throws IOException {
        Map<String, Double> at = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher time = TIME.matcher(line);
            if (!time.find()) {
                continue;
            }
            for (var marker : MARKERS.entrySet()) {
                if (!at.containsKey(marker.getKey()) && line.contains(marker.getValue())) {
                    Instant when = OffsetDateTime.parse(time.group(1)).toInstant();
                    at.put(marker.getKey(), Duration.between(launched, when).toNanos() / 1e9);
                }
            }
        }
        Map<String, Double> phases = new LinkedHashMap<>();
        double previous = 0;
        for (String phase : MARKERS.keySet()) {
            if (at.containsKey(phase)) {
                phases.put(phase, at.get(phase) - previous);
                previous = at.get(phase);
            }
        }
        phases.put("until health answers UP", total - previous);
        return phases;
    }

    private static String format(Map<String, Double> phases) {
        List<String> parts = new ArrayList<>();
        phases.forEach((phase, seconds) -> parts.add(String.format("%s %.2f s", phase, seconds)));
        return String.join(", ", parts);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
