package dev.esm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProxySettingsTests {

    @Test
    void addressesAreLiteralsNeverNamesOrText() {
        assertThat(IpAddresses.isLiteral("127.0.0.1")).isTrue();
        assertThat(IpAddresses.isLiteral("203.0.113.7")).isTrue();
        assertThat(IpAddresses.isLiteral("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(IpAddresses.isLiteral("::1")).isTrue();
        assertThat(IpAddresses.isLiteral("2001:db8::7")).isTrue();
        assertThat(IpAddresses.isLiteral("fe80::1%eth0")).isTrue();
        assertThat(IpAddresses.isLiteral("::ffff:192.0.2.1")).isTrue();
        for (String text : List.of("", "localhost", "esm.example.com", "unknown", "256.1.1.1", "1.2.3", "1.2.3.4:80",
                "[::1]", "<script>alert(1)</script>", "1.2.3.4 ", "a", "abc", "dead:beef:cafe::g", ":::", "1.2.3.4\n",
                "10.0.0.1; drop table audit_event")) {
            assertThat(IpAddresses.isLiteral(text)).as(text).isFalse();
        }
    }

    @Test
    void trustedProxiesAreAddressesOrRangesAndBecomeRanges() {
        ProxySettings settings = new ProxySettings(null, List.of(" 10.0.0.5", "192.168.1.0/24", "", "::1", "fd00::/8"));
        assertThat(settings.trustedProxies())
                .containsExactly("10.0.0.5/32", "192.168.1.0/24", "::1/128", "fd00::/8");
        assertThat(new ProxySettings(null, null).trustedProxies()).isEmpty();
        for (String bad : List.of("proxy.internal", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "*", "10.0.0.*",
                "::1/129")) {
            assertThatThrownBy(() -> new ProxySettings(null, List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ESM_TRUSTED_PROXIES");
        }
    }

    @Test
    void thePublicUrlIsAnOriginOnly() {
        assertThat(new ProxySettings("https://ESM.example.com/", null).publicUrl()).isEqualTo("https://esm.example.com");
        assertThat(new ProxySettings("http://esm.example.com:8443", null).publicUrl())
                .isEqualTo("http://esm.example.com:8443");
        assertThat(new ProxySettings("  ", null).publicUrl()).isNull();
        for (String bad : List.of("esm.example.com", "ftp://esm.example.com", "https://esm.example.com/esm",
                "https://user@esm.example.com", "https://esm.example.com/?a=b", "https://")) {
            assertThatThrownBy(() -> new ProxySettings(bad, null)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ESM_PUBLIC_URL");
        }
    }
}
