package dev.esm.accounts.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Throttles password checks (sign-in and the account page's current-password checks) with counters in PostgreSQL,
 * shared by every node (ADR 14). An attempt first <em>reserves</em> a slot in each of its budgets, atomically and in
 * its own committed transaction, and only then may the password hash be evaluated; so at most the limit of attempts
 * is ever evaluated, however many arrive at once. A failure leaves its reservation counted; a success gives it back.
 * <ul>
 *   <li>per (account, address) pair: a hard limit, which locks only that pair out for the rest of the window;</li>
 *   <li>per address: a hard limit over all accounts, against one address spraying many accounts;</li>
 *   <li>per account, from addresses that never signed in to it: a generous budget which, once spent, slows further
 *       attempts to one per interval instead of locking. Addresses that signed in to the account before (familiar
 *       pairs) skip this budget, so a stranger elsewhere cannot lock the owner out.</li>
 * </ul>
 * Keys are SHA-256 hashes of the normalized email and the address; no email or address is stored.
 */
@Component
public class LoginThrottle {

    private final JdbcClient jdbc;
    private final Limits limits;
    private final TransactionTemplate ownTransaction;

    LoginThrottle(JdbcClient jdbc, Limits limits, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A reserved attempt (refusal null): the password may now be evaluated once. */
    public record Attempt(String account, String address, boolean familiar, String refusal) {
    }

    /** Why an attempt was refused, in words fit to show. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reserves one password check for this account from this address, or refuses it, before any hash is evaluated.
     *
     * @throws Refused when a budget is spent
     */
    public Attempt reserve(String account, String address) {
        String email = account == null ? "" : account;
        String from = address == null ? "unknown" : address;
        Attempt attempt = ownTransaction.execute(status -> {
            boolean familiar = familiar(email, from);
            String refused = null;
            if (!take(key("pair", email + "\n" + from), limits.perPair(), limits.window(), null)) {
                refused = "Too many failed sign-ins. Wait " + minutes(limits.window()) + " and try again.";
            } else if (!take(key("address", from), limits.perAddress(), limits.window(), null)) {
                refused = "Too many failed sign-ins from your network. Wait " + minutes(limits.window())
                        + " and try again.";
            } else if (!familiar && !take(key("account", email), limits.perAccount(), limits.accountWindow(),
                    limits.slowInterval())) {
                refused = "Too many failed sign-ins for this account. Wait " + limits.slowInterval().toSeconds()
                        + " seconds and try again.";
            }
            if (refused != null) {
                status.setRollbackOnly();
                return new Attempt(email, from, familiar, refused);
            }
            return new Attempt(email, from, familiar, null);
        });
        if (attempt.refusal() != null) {
            throw new Refused(attempt.refusal());
        }
        return attempt;
    }

    /** The password was right: the reservation is given back, the pair's failures forgotten and the pair familiar. */
    public void succeeded(Attempt attempt) {
        ownTransaction.executeWithoutResult(status -> {
            byte[] pair = key("pair", attempt.account() + "\n" + attempt.address());
            jdbc.sql("delete from login_throttle where key_hash = ?").param(pair).update();
            release(key("address", attempt.address()));
            if (!attempt.familiar()) {
                release(key("account", attempt.account()));
            }
            jdbc.sql("""
                            insert into login_familiar (key_hash, last_success) values (?, now())
                            on conflict (key_hash) do update set last_success = excluded.last_success""")
                    .param(pair).update();
        });
    }

    private boolean familiar(String email, String address) {
        return jdbc.sql("""
                        select count(*) from login_familiar
                         where key_hash = ? and last_success > now() - make_interval(secs => ?)""")
                .params(key("pair", email + "\n" + address), limits.familiarFor().toSeconds())
                .query(Long.class).single() > 0;
    }

    /**
     * Counts one attempt against a budget in one statement: the row lock of the upsert orders concurrent attempts,
     * and the condition is evaluated on the latest count, so no two attempts can take the last slot. With a slow
     * interval, a spent budget still lets one attempt through per interval.
     */
    private boolean take(byte[] key, int limit, Duration window, Duration slowInterval) {
        return jdbc.sql("""
                        insert into login_throttle as t (key_hash, failures, window_start, last_attempt)
                        values (:key, 1, now(), now())
                        on conflict (key_hash) do update set
                          failures = case when t.window_start <= now() - make_interval(secs => :window) then 1
                                          else t.failures + 1 end,
                          window_start = case when t.window_start <= now() - make_interval(secs => :window) then now()
                                              else t.window_start end,
                          last_attempt = now()
                         where t.window_start <= now() - make_interval(secs => :window)
                            or t.failures < :limit
                            or (:slowing and t.last_attempt <= now() - make_interval(secs => :slow))
                        returning failures""")
                .param("key", key)
                .param("window", window.toSeconds())
                .param("limit", limit)
                .param("slowing", slowInterval != null)
                .param("slow", slowInterval == null ? 0.0 : slowInterval.toMillis() / 1000.0)
                .query(Integer.class).optional().isPresent();
    }

    private void release(byte[] key) {
        jdbc.sql("update login_throttle set failures = greatest(failures - 1, 0) where key_hash = ?").param(key).update();
    }

    private static String minutes(Duration window) {
        long minutes = Math.max(1, window.toMinutes());
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }

    static byte[] key(String kind, String value) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("esm-login:" + kind + ":" + value).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param perPair       password checks per (account, address) pair within the window that may fail before that
     *                      pair is refused until the window ends
     * @param perAddress    failures per address, over all accounts, within the window before the address is refused
     * @param window        how long pair and address failures count
     * @param perAccount    failures per account from addresses that never signed in to it, within the account
     *                      window, before such attempts are slowed
     * @param accountWindow how long account failures count
     * @param slowInterval  past the account budget, one attempt per this interval (from unfamiliar addresses)
     * @param familiarFor   how long after a successful sign-in an (account, address) pair stays familiar
     */
    @ConfigurationProperties("esm.accounts.login-throttle")
    public record Limits(Integer perPair, Integer perAddress, Duration window, Integer perAccount,
                         Duration accountWindow, Duration slowInterval, Duration familiarFor) {
        public Limits {
            perPair = perPair == null ? 10 : perPair;
            perAddress = perAddress == null ? 100 : perAddress;
            window = window == null ? Duration.ofMinutes(15) : window;
            perAccount = perAccount == null ? 40 : perAccount;
            accountWindow = accountWindow == null ? Duration.ofHours(1) : accountWindow;
            slowInterval = slowInterval == null ? Duration.ofMinutes(1) : slowInterval;
            familiarFor = familiarFor == null ? Duration.ofDays(90) : familiarFor;
        }
    }
}
