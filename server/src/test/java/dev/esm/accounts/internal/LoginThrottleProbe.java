package dev.esm.accounts.internal;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Test access to a {@link LoginThrottle} with its own limits, on the real table. */
public final class LoginThrottleProbe {

    private final LoginThrottle throttle;

    public LoginThrottleProbe(JdbcClient jdbc, int perAccount, int perAddress, Duration window) {
        this.throttle = new LoginThrottle(jdbc, new LoginThrottle.Limits(perAccount, perAddress, window));
    }

    public boolean blocked(String email, String address) {
        return throttle.blocked(email, address);
    }

    public void failed(String email, String address) {
        throttle.failed(email, address);
    }
}
