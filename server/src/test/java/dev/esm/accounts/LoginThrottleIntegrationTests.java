package dev.esm.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.esm.IntegrationTest;
import dev.esm.accounts.internal.LoginThrottleProbe;

/** Failed sign-ins are counted per account and per address in the database, so every node shares them. */
class LoginThrottleIntegrationTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void blocksAnAccountAfterItsLimitAndAnAddressAfterItsOwn() {
        LoginThrottleProbe throttle = new LoginThrottleProbe(jdbc, 3, 5, Duration.ofMinutes(15));
        String email = "throttled-" + UUID.randomUUID() + "@example.test";
        String address = "203.0.113." + (int) (Math.random() * 200);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.blocked(email, address)).isFalse();
            throttle.failed(email, address);
        }
        assertThat(throttle.blocked(email, address)).isTrue();
        assertThat(throttle.blocked("someone-else-" + UUID.randomUUID() + "@example.test", address)).isFalse();
        throttle.failed("a-" + UUID.randomUUID() + "@example.test", address);
        throttle.failed("b-" + UUID.randomUUID() + "@example.test", address);
        assertThat(throttle.blocked("c-" + UUID.randomUUID() + "@example.test", address)).isTrue();
        assertThat(throttle.blocked("d-" + UUID.randomUUID() + "@example.test", "198.51.100.7")).isFalse();
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        LoginThrottleProbe throttle = new LoginThrottleProbe(jdbc, 2, 100, Duration.ofSeconds(1));
        String email = "window-" + UUID.randomUUID() + "@example.test";
        throttle.failed(email, "192.0.2.1");
        throttle.failed(email, "192.0.2.1");
        assertThat(throttle.blocked(email, "192.0.2.1")).isTrue();
        jdbc.sql("update login_throttle set window_start = now() - interval '5 seconds'").update();
        assertThat(throttle.blocked(email, "192.0.2.1")).isFalse();
    }
}
