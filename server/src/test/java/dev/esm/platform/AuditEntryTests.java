package dev.esm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class AuditEntryTests {

    @Test
    void aTargetReadsAsKindsAndShortIds() {
        assertThat(entry("store:037ca4e0-f979-483b-b7e4-0d2cfbdd27c2 invitation:7bce8f10-a1ce-4888-ad38-34d98ac51425")
                .shortTarget()).isEqualTo("store 037ca4e0 · invitation 7bce8f10");
        assertThat(entry("api-token:12").shortTarget()).isEqualTo("api token 12");
        assertThat(entry("entries:3").shortTarget()).isEqualTo("entries 3");
        assertThat(entry(null).shortTarget()).isEmpty();
        assertThat(entry("store.rename").description()).isEqualTo("Renamed a store");
    }

    private static AuditEntry entry(String target) {
        return new AuditEntry(1, Instant.EPOCH, null, "store.rename", target, "203.0.113.0");
    }
}
