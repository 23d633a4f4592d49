package dev.esm.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import dev.esm.IntegrationTest;
import dev.esm.accounts.internal.LoginThrottleProbe;

/**
 * Password checks are throttled per (account, address) pair, per address and per account in the database, so that
 * every node shares the counts; an attempt is reserved atomically before its password is evaluated.
 */
class LoginThrottleIntegrationTests extends IntegrationTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    private LoginThrottleProbe throttle(int perPair, int perAddress, Duration window, int perAccount, Duration slow) {
        return new LoginThrottleProbe(jdbc, transactions, perPair, perAddress, window, perAccount, slow);
    }

    private static String email() {
        return "throttled-" + UUID.randomUUID() + "@example.test";
    }

    private static String address() {
        return "203.0." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    @Test
    void aPairIsRefusedAfterItsLimitWhileTheSameAccountFromElsewhereIsNot() {
        LoginThrottleProbe throttle = throttle(3, 100, Duration.ofMinutes(15), 100, HOUR);
        String email = email();
        String stranger = address();
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.fail(email, stranger)).isTrue();
        }
        assertThat(throttle.refusal(email, stranger)).startsWith("Too many failed sign-ins.");
        assertThat(throttle.succeed(email, address())).isTrue();
    }

    @Test
    void anAddressIsRefusedAfterItsBudgetOverAllAccounts() {
        LoginThrottleProbe throttle = throttle(10, 5, Duration.ofMinutes(15), 100, HOUR);
        String sprayer = address();
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.fail(email(), sprayer)).isTrue();
        }
        assertThat(throttle.refusal(email(), sprayer)).contains("from your network");
        assertThat(throttle.refusal(email(), address())).isNull();
    }

    @Test
    void eachFailureIsCountedOnceAndASuccessGivesItsAttemptBack() {
        LoginThrottleProbe throttle = throttle(3, 100, Duration.ofMinutes(15), 100, HOUR);
        String email = email();
        String home = address();
        assertThat(throttle.fail(email, home)).isTrue();
        assertThat(throttle.fail(email, home)).isTrue();
        assertThat(throttle.succeed(email, home)).isTrue();
        // the success forgot the pair's failures: three more may fail before the fourth is refused
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.fail(email, home)).isTrue();
        }
        assertThat(throttle.fail(email, home)).isFalse();
    }

    @Test
    void pastItsBudgetAnAccountIsSlowedForStrangersButNotForAddressesThatSignedInBefore() {
        LoginThrottleProbe throttle = throttle(10, 100, Duration.ofMinutes(15), 3, Duration.ofSeconds(2));
        String email = email();
        String home = address();
        assertThat(throttle.succeed(email, home)).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.fail(email, address())).isTrue();
        }
        assertThat(throttle.refusal(email, address())).contains("for this account");
        // the owner's usual address does not spend the account's budget and is not slowed
        assertThat(throttle.succeed(email, home)).isTrue();
        assertThat(throttle.fail(email, home)).isTrue();
        assertThat(throttle.succeed(email, home)).isTrue();
        // slowed, not locked: once the interval has passed, one more attempt from a new address is evaluated
        jdbc.sql("update login_throttle set last_attempt = last_attempt - interval '5 seconds'").update();
        assertThat(throttle.fail(email, address())).isTrue();
        assertThat(throttle.refusal(email, address())).contains("for this account");
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        LoginThrottleProbe throttle = throttle(2, 100, Duration.ofSeconds(1), 100, HOUR);
        String email = email();
        String address = address();
        throttle.fail(email, address);
        throttle.fail(email, address);
        assertThat(throttle.refusal(email, address)).isNotNull();
        jdbc.sql("update login_throttle set window_start = now() - interval '5 seconds'").update();
        assertThat(throttle.refusal(email, address)).isNull();
    }

    @Test
    void fortyConcurrentAttemptsOnOnePairReserveExactlyTheLimit() throws Exception {
        LoginThrottleProbe throttle = throttle(10, 100, Duration.ofMinutes(15), 100, HOUR);
        String email = email();
        String address = address();
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                attempts.add(pool.submit(() -> {
                    start.await();
                    return throttle.fail(email, address);
                }));
            }
            start.countDown();
            int reserved = 0;
            for (Future<Boolean> attempt : attempts) {
                reserved += attempt.get() ? 1 : 0;
            }
            assertThat(reserved).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }
}
