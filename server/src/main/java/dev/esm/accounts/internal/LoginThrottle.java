package dev.esm.accounts.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per account and per client address in PostgreSQL, so that every node sees the same counts.
 * Past the limit, sign-in from that account (or address) is refused until the window ends. The per-account limit is
 * low enough to stop guessing and the window short, so that a malicious lock-out lasts minutes, not days.
 */
@Component
class LoginThrottle {

    private final JdbcClient jdbc;
    private final Limits limits;

    LoginThrottle(JdbcClient jdbc, Limits limits) {
        this.jdbc = jdbc;
        this.limits = limits;
    }

    boolean blocked(String email, String address) {
        return failures(key("account", email)) >= limits.perAccount()
                || failures(key("address", address)) >= limits.perAddress();
    }

    void failed(String email, String address) {
        count(key("account", email));
        count(key("address", address));
    }

    void succeeded(String email) {
        jdbc.sql("delete from login_throttle where key_hash = ?").param(key("account", email)).update();
    }

    Duration window() {
        return limits.window();
    }

    private int failures(byte[] key) {
        return jdbc.sql("""
                        select failures from login_throttle
                         where key_hash = ? and window_start > now() - make_interval(secs => ?)""")
                .params(key, limits.window().toSeconds()).query(Integer.class).optional().orElse(0);
    }

    private void count(byte[] key) {
        jdbc.sql("""
                        insert into login_throttle as t (key_hash, failures, window_start) values (?, 1, now())
                        on conflict (key_hash) do update set
                          failures = case when t.window_start > now() - make_interval(secs => ?) then t.failures + 1 else 1 end,
                          window_start = case when t.window_start > now() - make_interval(secs => ?) then t.window_start else now() end""")
                .params(key, limits.window().toSeconds(), limits.window().toSeconds()).update();
    }

    private static byte[] key(String kind, String value) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("esm-login:" + kind + ":" + (value == null ? "" : value)).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param perAccount failed sign-ins per account within the window before it is refused
     * @param perAddress failed sign-ins per client address within the window before it is refused
     * @param window     how long failures count
     */
    @ConfigurationProperties("esm.accounts.login-throttle")
    record Limits(Integer perAccount, Integer perAddress, Duration window) {
        Limits {
            perAccount = perAccount == null ? 10 : perAccount;
            perAddress = perAddress == null ? 100 : perAddress;
            window = window == null ? Duration.ofMinutes(15) : window;
        }
    }
}
