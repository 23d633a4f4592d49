package dev.esm.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class SharedContractsTests {

    @TempDir
    Path contracts;

    @Test
    void aMissingVendorFileFailsInCi() {
        assertThatThrownBy(() -> SharedContracts.require(contracts, "walmart/orders.json", Map.of("CI", "true")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("walmart/orders.json is missing")
                .hasMessageContaining("CI=true");
    }

    @Test
    void aMissingVendorFileSkipsWithItsReasonOutsideCi() {
        for (Map<String, String> environment : java.util.List.of(Map.<String, String>of(), Map.of("CI", "false"))) {
            assertThatThrownBy(() -> SharedContracts.require(contracts, "walmart/orders.json", environment))
                    .isInstanceOf(TestAbortedException.class).hasMessageContaining("walmart/orders.json is missing");
        }
    }

    @Test
    void aPresentVendorFileIsReturnedInCiAndOutside() throws Exception {
        Files.createDirectories(contracts.resolve("ebay"));
        Path file = Files.writeString(contracts.resolve("ebay/spec.json"), "{}");
        assertThat(SharedContracts.require(contracts, "ebay/spec.json", Map.of("CI", "true"))).isEqualTo(file);
        assertThat(SharedContracts.require(contracts, "ebay/spec.json", Map.of())).isEqualTo(file);
    }
}
