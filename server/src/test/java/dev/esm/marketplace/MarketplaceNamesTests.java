package dev.esm.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every place a marketplace is named in the server's main sources, templates, static files and migrations (code and
 * markup, not comments): adding a marketplace is one adapter package, one simulator and one registry entry, so the
 * names may appear only there and in the few places listed below, each with its reason. A new mention elsewhere fails
 * this test: ask the registry ({@link Marketplaces}, {@link MarketplaceDescriptor}) instead.
 */
class MarketplaceNamesTests {

    private static final Pattern NAME = Pattern.compile("walmart|amazon|ebay", Pattern.CASE_INSENSITIVE);
    private static final Path MAIN = Path.of("src/main");

    /** Adapter packages: each marketplace's own code, its registry entry ({@code *Marketplace}) included. */
    private static final Pattern ADAPTERS = Pattern.compile("java/dev/esm/marketplace/(walmart|amazon|ebay)/.*");

    /** The places outside the adapter packages that name marketplaces, and why. */
    private static final Map<String, String> ALLOWED = Map.of(
            "java/dev/esm/shared/Marketplace.java", "the Marketplace enum: the one list of marketplaces",
            "resources/db/migration/V1__tenancy_accounts_stores.sql", "the store.marketplace check constraint",
            "java/dev/esm/marketplace/StoreCredentials.java",
            "the sealed credential shapes; their JSON type names are stored (sealed) in the database",
            "java/dev/esm/demo/DemoSeed.java", "demo seed: one store per sandbox seller (demo wiring, not product)",
            "java/dev/esm/demo/DemoProperties.java", "demo seed: the sandbox sellers' credentials",
            "resources/static/css/esm.css", "a badge colour per marketplace; an unknown one gets the plain badge");

    @Test
    void marketplacesAreNamedOnlyInTheirAdaptersAndTheListedPlaces() throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = MAIN.relativize(file).toString().replace('\\', '/');
                if (ADAPTERS.matcher(relative).matches() || ALLOWED.containsKey(relative) || binary(relative)) {
                    continue;
                }
                String text = withoutComments(relative, Files.readString(file));
                var matcher = NAME.matcher(text);
                if (matcher.find()) {
                    int line = text.substring(0, matcher.start()).split("\n", -1).length;
                    found.put(relative, "line " + line + ": " + text.split("\n", -1)[line - 1].strip());
                }
            }
        }
        assertThat(found).as("marketplace names outside the adapter packages and the listed places").isEmpty();
    }

    @Test
    void theListedPlacesStillNameMarketplaces() {
        // an exception that is no longer needed is removed from the list, so the list only shrinks
        List<String> stale = ALLOWED.keySet().stream().filter(path -> {
            try {
                return !NAME.matcher(withoutComments(path, Files.readString(MAIN.resolve(path)))).find();
            } catch (IOException e) {
                return true;
            }
        }).toList();
        assertThat(stale).isEmpty();
    }

    @Test
    void ordersAndShippingNeverHoldDecryptedCredentials() throws IOException {
        Pattern credentials = Pattern.compile("\\b(StoreCredentials|CredentialVault)\\b|stores\\.credentials\\(");
        Map<String, String> found = new TreeMap<>();
        for (String module : List.of("orders", "shipping")) {
            try (Stream<Path> files = Files.walk(MAIN.resolve("java/dev/esm/" + module))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    var matcher = credentials.matcher(withoutComments(".java", Files.readString(file)));
                    if (matcher.find()) {
                        found.put(MAIN.relativize(file).toString(), matcher.group());
                    }
                }
            }
        }
        assertThat(found).as("orders and shipping name stores by id; connectors open credentials").isEmpty();
    }

    private static String withoutComments(String path, String text) {
        if (path.endsWith(".java") || path.endsWith(".css") || path.endsWith(".js")) {
            // block comments (kept line breaks, so line numbers stay right), then line comments outside strings
            text = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL).matcher(text)
                    .replaceAll(m -> m.group().replaceAll("[^\\n]", ""));
            return text.replaceAll("(?m)^\\s*//.*$", "").replaceAll("(?m)(;|\\{|\\})\\s*//.*$", "$1");
        }
        if (path.endsWith(".html")) {
            return Pattern.compile("<!--.*?-->", Pattern.DOTALL).matcher(text)
                    .replaceAll(m -> m.group().replaceAll("[^\\n]", ""));
        }
        if (path.endsWith(".sql")) {
            return text.replaceAll("--.*", "");
        }
        return text;
    }

    /** Files that hold no text (the favicon): no marketplace can be named in them. */
    private static boolean binary(String relative) {
        return relative.endsWith(".ico") || relative.endsWith(".png");
    }
}
