package dev.esm.marketplace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * The vendors' own API files in the team's shared folder ({@code ../shared/contracts} beside the checkout, which is
 * {@code ../../shared/contracts} from the server module where the tests run). In CI ({@code CI=true}) a missing file
 * fails the test that needs it: the vendor-example tests must run there. Elsewhere the test is skipped, saying why.
 */
public final class SharedContracts {

    static final Path ROOT = Path.of("../../shared/contracts");

    private SharedContracts() {
    }

    /** The vendor file at {@code relativePath} under shared/contracts; fails in CI, or skips elsewhere, when absent. */
    public static Path require(String relativePath) {
        return require(ROOT, relativePath, System.getenv());
    }

    static Path require(Path root, String relativePath, Map<String, String> environment) {
        Path file = root.resolve(relativePath);
        if (Files.isRegularFile(file)) {
            return file;
        }
        String reason = "the vendor contract " + file.toAbsolutePath().normalize()
                + " is missing (the team's shared/contracts folder must sit beside this checkout)";
        if ("true".equalsIgnoreCase(environment.getOrDefault("CI", "").strip())) {
            throw new AssertionError(reason + "; CI=true, so the vendor-example tests fail instead of skipping");
        }
        Assumptions.assumeTrue(false, reason + "; skipped outside CI (CI=true makes this a failure)");
        return file;
    }
}
