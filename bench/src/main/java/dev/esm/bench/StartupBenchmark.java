package dev.esm.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-to-healthy time of the packaged server in demo mode: from launching {@code java -jar esm.jar} until
 * {@code GET /actuator/health} answers {"status":"UP"}. A first start creates the embedded PostgreSQL cluster, the
 * master key and the demo data in an empty data directory; a warm start reuses them. Each is measured with the JVM's
 * defaults (as {@code java -jar} in production) and with {@code -XX:TieredStopAtLevel=1} (as {@code spring-boot:run},
 * the demo command, launches it). Prints each run and the medians.
 */
public final class StartupBenchmark {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public static void main(String[] args) throws Exception {
        if (!BenchServer.selected("startup")) {
            return;
        }
        Path jar = Path.of(args.length > 0 ? args[0] : "server/target/esm.jar").toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (!Files.isRegularFile(jar)) {
            System.err.println("No server jar at " + jar + "; build it first (./mvnw -P bench package -DskipTests)");
            System.exit(2);
        }
        List<String> summary = new ArrayList<>();
        for (List<String> jvmOptions : List.of(List.<String>of(), List.of("-XX:TieredStopAtLevel=1"))) {
            String label = jvmOptions.isEmpty() ? "java -jar" : "java " + String.join(" ", jvmOptions) + " -jar";
            List<Double> first = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                Path dataDir = Files.createTempDirectory("esm-bench-");
                try {
                    first.add(startToHealthy(jar, dataDir, jvmOptions));
                    warm.add(startToHealthy(jar, dataDir, jvmOptions));
                    System.out.printf("%s, run %d: first start %.2f s, warm start %.2f s%n", label, run,
                            first.get(run - 1), warm.get(run - 1));
                } finally {
                    BenchServer.deleteTree(dataDir);
                }
            }
            summary.add(String.format("startup to healthy, %s (median of %d, %d cores): first start %.2f s, "
                    + "warm start %.2f s", label, runs, Runtime.getRuntime().availableProcessors(), median(first),
                    median(warm)));
        }
        summary.forEach(System.out::println);
    }

    private static double startToHealthy(Path jar, Path dataDir, List<String> jvmOptions) throws Exception {
        int port = BenchServer.freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ESM_DATA_DIR", dataDir.toString());
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("ESM_DEMO_PASSWORD", "benchmark-demo-password");
        builder.environment().remove("ESM_DATABASE_URL");
        builder.redirectErrorStream(true).redirectOutput(dataDir.resolve("server.log").toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            URI health = URI.create("http://localhost:" + port + "/actuator/health");
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The server exited; see " + dataDir.resolve("server.log"));
                }
                if (System.nanoTime() - start > Duration.ofMinutes(3).toNanos()) {
                    throw new IllegalStateException("Not healthy after 3 minutes");
                }
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(health)
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                        return (System.nanoTime() - start) / 1e9;
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

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
