package dev.esm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditTrailTests {

    @Test
    void theSourceIsAnAddressOrAnInternalNameNeverText() {
        assertThat(AuditTrail.source("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(AuditTrail.source("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(AuditTrail.source("demo-seed")).isEqualTo("demo-seed");
        assertThat(AuditTrail.source(null)).isNull();
        assertThat(AuditTrail.source("evil<script>")).isNull();
        assertThat(AuditTrail.source("203.0.113.7, 10.0.0.1")).isNull();
        assertThat(AuditTrail.source("Robert'); drop table audit_event;--")).isNull();
        assertThat(AuditTrail.source("a-very-long-internal-name-that-goes-on-and-on")).isNull();
    }
}
