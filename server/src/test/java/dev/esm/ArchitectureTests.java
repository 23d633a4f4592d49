package dev.esm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The conventions of docs/architecture.md that Modulith's {@code verify()} (ModularityTests) does not cover: where
 * controllers live and who may see them, and which module's SQL may name which table. The tables are declared here,
 * per owning module ({@link #TABLES}); a new migration's table must be added to its owner, and a new exception needs
 * its reason in {@link #CROSS_MODULE_SQL}.
 */
class ArchitectureTests {

    /** Every table of schema {@code esm} and the module that owns it (writes it, and alone reads it in SQL). */
    static final Map<String, Set<String>> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("platform", Set.of("data_key", "audit_event", "flyway_schema_history", "event_publication",
                "event_publication_archive", "job", "rate_bucket"));
        // sessions are sign-in's: accounts configures them and ends them on a password change
        TABLES.put("accounts", Set.of("operator", "api_token", "login_throttle", "login_familiar", "spring_session",
                "spring_session_attributes", "account_export"));
        TABLES.put("stores", Set.of("store", "store_access", "store_invitation"));
        TABLES.put("orders", Set.of("customer_order", "order_line", "order_status_change", "order_sync", "sync_run",
                "scheduled_tasks"));
        // buyer data, its tombstones and its retention (ADR 32)
        TABLES.put("privacy", Set.of("order_buyer", "account_deletion_notice"));
        TABLES.put("shipping", Set.of("shipping_settings", "ship_from_address", "package_preset", "shipment",
                "tracking_push", "label_batch", "label_batch_item", "sku_package"));
        TABLES.put("catalog", Set.of("listing", "listing_sync"));
    }

    /**
     * SQL of one module that names another module's table: "module -> table", with why it must stay. None is left
     * (issue 10: orders takes a store's name from {@code Stores}, stores takes operators' names from
     * {@code Accounts.visible}, the platform-admin grant is accounts' {@code PlatformAdmins} on
     * {@code Maintenance.asOwner}); a new one needs its reason here, and one no longer needed fails the test.
     */
    static final Map<String, String> CROSS_MODULE_SQL = Map.of(
            "orders -> order_buyer", "issue 12 (ADR 32): privacy owns buyer data, but the order writer seals and "
                    + "writes the buyer in the page's one statement (honouring privacy's tombstone), and one order's "
                    + "details, the grid and the label's address open it; TODO: a privacy API to seal-and-write and "
                    + "to open, once the page statement can take the buyers as a second statement without losing "
                    + "its single round trip");

    private static final Path SOURCES = Path.of("src/main/java/dev/esm");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern TABLE_REFERENCE = Pattern.compile(
            "(?i)\\b(?:from|join|into|update|table|references)\\s+(?:only\\s+)?(?:esm\\.)?([a-z_][a-z0-9_]*)");
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(?:esm\\.)?([a-z_][a-z0-9_]*)");

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.esm");

    @Test
    void controllersAndTheirAdviceArePackagePrivateAndLiveInAWebPackage() {
        classes().that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
                .or().areAnnotatedWith(ControllerAdvice.class).or().areAnnotatedWith(RestControllerAdvice.class)
                .should().notBePublic().andShould().resideInAPackage("dev.esm.*.web..")
                .check(classes);
    }

    @Test
    void everyTableOfTheMigrationsHasAnOwningModule() {
        Set<String> owned = TABLES.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        Set<String> created = new TreeSet<>();
        for (Path migration : files(MIGRATIONS, ".sql")) {
            Matcher m = CREATE_TABLE.matcher(read(migration));
            while (m.find()) {
                created.add(m.group(1).toLowerCase());
            }
        }
        assertThat(created).isNotEmpty();
        assertThat(owned).as("tables owned by a module in ArchitectureTests.TABLES")
                .containsAll(created.stream().filter(t -> !t.equals("flyway_schema_history")).toList());
    }

    @Test
    void noModulesSqlNamesAnotherModulesTable() {
        Map<String, String> ownerOf = TABLES.entrySet().stream().flatMap(e -> e.getValue().stream()
                .map(table -> Map.entry(table, e.getKey()))).collect(Collectors.toMap(Map.Entry::getKey,
                Map.Entry::getValue));
        Set<String> found = new TreeSet<>();
        List<String> where = new ArrayList<>();
        for (Path source : files(SOURCES, ".java")) {
            String module = SOURCES.relativize(source).getName(0).toString();
            if (module.endsWith(".java")) {
                continue;
            }
            for (String literal : literals(read(source))) {
                Matcher m = TABLE_REFERENCE.matcher(literal);
                while (m.find()) {
                    String owner = ownerOf.get(m.group(1).toLowerCase());
                    if (owner != null && !owner.equals(module)) {
                        String pair = module + " -> " + m.group(1).toLowerCase();
                        found.add(pair);
                        where.add(pair + " in " + source);
                    }
                }
            }
        }
        Set<String> excepted = new TreeSet<>(CROSS_MODULE_SQL.keySet());
        assertThat(found).as("SQL naming another module's table: %s", where).isSubsetOf(excepted);
        assertThat(excepted).as("exceptions no longer needed (remove them)").isSubsetOf(found);
    }

    /** The Java string literals and text blocks of a source file: where its SQL is. */
    private static List<String> literals(String source) {
        List<String> out = new ArrayList<>();
        Matcher blocks = TEXT_BLOCK.matcher(source);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (blocks.find()) {
            out.add(blocks.group(1));
            rest.append(source, last, blocks.start());
            last = blocks.end();
        }
        rest.append(source.substring(last));
        String withoutComments = rest.toString().replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)//.*$", "");
        Matcher strings = STRING.matcher(withoutComments);
        while (strings.find()) {
            out.add(strings.group(1));
        }
        return out;
    }

    private static List<Path> files(Path root, String suffix) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
