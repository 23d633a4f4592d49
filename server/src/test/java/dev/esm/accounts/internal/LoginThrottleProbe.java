package dev.esm.accounts.internal;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;

/** Test access to a {@link LoginThrottle} with its own limits, on the real tables, and to the count of hash checks. */
public final class LoginThrottleProbe {

    private final LoginThrottle throttle;

    public LoginThrottleProbe(JdbcClient jdbc, PlatformTransactionManager transactions, int perPair, int perAddress,
                              Duration window, int perAccount, Duration slowInterval) {
        this.throttle = new LoginThrottle(jdbc, new LoginThrottle.Limits(perPair, perAddress, window, perAccount,
                Duration.ofHours(1), slowInterval, Duration.ofDays(90)), transactions);
    }

    /** Reserves an attempt and lets it fail; false when the throttle refused it. */
    public boolean fail(String email, String address) {
        try {
            throttle.reserve(email, address);
            return true;
        } catch (LoginThrottle.Refused refused) {
            return false;
        }
    }

    /** Reserves an attempt and lets it succeed; false when the throttle refused it. */
    public boolean succeed(String email, String address) {
        try {
            throttle.succeeded(throttle.reserve(email, address));
            return true;
        } catch (LoginThrottle.Refused refused) {
            return false;
        }
    }

    /** Why the next attempt would be refused, or null when it would be allowed (it is then counted as failed). */
    public String refusal(String email, String address) {
        try {
            throttle.reserve(email, address);
            return null;
        } catch (LoginThrottle.Refused refused) {
            return refused.getMessage();
        }
    }

    /** How many passwords the server's encoder has checked (argon2id evaluations) since it started. */
    public static long passwordChecks(PasswordEncoder encoder) {
        return ((PasswordHashing.Counting) encoder).checks();
    }
}
