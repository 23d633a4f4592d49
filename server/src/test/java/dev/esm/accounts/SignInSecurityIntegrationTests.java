package dev.esm.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.WebClient;
import dev.esm.WebClient.Response;
import dev.esm.accounts.internal.LoginThrottleProbe;
import dev.esm.platform.ActingOperator;

/** Sign-in, sessions, cookies, CSRF, headers and password storage, as a browser meets them. */
class SignInSecurityIntegrationTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    PasswordEncoder passwords;

    @Test
    void afterSignInThereIsExactlyOneCookieTheHttpOnlyLaxSessionCookie() {
        TestOperator operator = operators.create("Cookie Monster");
        WebClient web = browser();
        Response signIn = web.signIn(operator.email(), operator.password());
        assertThat(signIn.status()).isEqualTo(302);
        web.get("/stores");
        web.get("/account");

        List<HttpCookie> cookies = web.cookies();
        assertThat(cookies).hasSize(1);
        assertThat(cookies.get(0).getName()).isEqualTo("ESM_SESSION");
        List<String> setCookies = web.responses().stream().flatMap(r -> r.all("Set-Cookie").stream()).toList();
        assertThat(setCookies).isNotEmpty().allSatisfy(header -> assertThat(header)
                .startsWith("ESM_SESSION=").contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure"));
    }

    /**
     * A client that is not a trusted proxy (none is configured here) cannot claim TLS with X-Forwarded-Proto; behind a
     * trusted proxy the cookie is Secure: {@code platform.web.ForwardedHeadersTomcatTests}.
     */
    @Test
    void forwardedProtoFromAnUntrustedClientDoesNotChangeTheCookie() {
        TestOperator operator = operators.create("Tls User");
        WebClient web = browser();
        web.get("/login");
        Response signIn = web.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + operator.email().replace("@", "%40")
                        + "&password=" + operator.password().replace(" ", "+") + "&_csrf=" + web.csrf())));
        assertThat(signIn.status()).isEqualTo(302);
        assertThat(signIn.all("Set-Cookie")).singleElement().asString()
                .startsWith("ESM_SESSION=").doesNotContain("Secure").contains("HttpOnly").contains("SameSite=Lax");
    }

    @Test
    void formsAndApiChangesWithoutCsrfTokenAreRefused() {
        TestOperator operator = operators.create("Csrf Target");
        WebClient web = browser();
        web.signIn(operator.email(), operator.password());
        assertThat(web.post("/account/name", Map.of("name", "Hijacked"), false).status()).isEqualTo(403);
        assertThat(web.post("/stores", Map.of("marketplace", "EBAY", "name", "Planted"), false).status()).isEqualTo(403);
        Response api = web.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/stores"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"marketplace\":\"EBAY\",\"name\":\"Planted\"}")));
        assertThat(api.status()).isEqualTo(403);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
        assertThat(web.api("GET", "/api/v1/stores", null).body()).isEqualTo("{\"items\":[]}");
        assertThat(web.get("/account").body()).doesNotContain("Hijacked");
        Response login = browser().post("/login", Map.of("username", operator.email(), "password", operator.password()),
                false);
        assertThat(login.status()).isEqualTo(403);
    }

    @Test
    void repeatedWrongPasswordsFromOneAddressLockThatAddressOutOfTheAccountForAWhileEvenForTheRightPassword() {
        TestOperator operator = operators.create("Guessed");
        LoopbackBrowser attacker = LoopbackBrowser.somewhere(port);
        for (int attempt = 0; attempt < 10; attempt++) {
            assertThat(attacker.signIn(operator.email(), "wrong password " + attempt)).endsWith("/login?error");
        }
        LoopbackBrowser sameAddress = new LoopbackBrowser(port, attacker.address());
        assertThat(sameAddress.signIn(operator.email(), operator.password())).endsWith("/login?error");
        assertThat(sameAddress.get("/login?error").body()).contains("Too many failed sign-ins");
        assertThat(sameAddress.get("/stores").status()).isEqualTo(302);
    }

    @Test
    void eachFailedSignInIsCountedAndHashedOnceSoTheDocumentedLimitOfTenIsTheEffectiveOne() {
        TestOperator operator = operators.create("Counted Once");
        LoopbackBrowser owner = LoopbackBrowser.somewhere(port);
        long before = LoginThrottleProbe.passwordChecks(passwords);
        for (int attempt = 0; attempt < 9; attempt++) {
            assertThat(owner.signIn(operator.email(), "typo number " + attempt)).endsWith("/login?error");
        }
        assertThat(LoginThrottleProbe.passwordChecks(passwords) - before).isEqualTo(9);
        // nine failures leave the tenth attempt: with each failure counted twice, five would have locked the account
        assertThat(owner.signIn(operator.email(), operator.password())).endsWith("/today");
        for (int attempt = 0; attempt < 10; attempt++) {
            assertThat(owner.signIn(operator.email(), "typo again " + attempt)).endsWith("/login?error");
        }
        long beforeRefused = LoginThrottleProbe.passwordChecks(passwords);
        assertThat(owner.signIn(operator.email(), operator.password())).endsWith("/login?error");
        assertThat(LoginThrottleProbe.passwordChecks(passwords)).isEqualTo(beforeRefused);
    }

    @Test
    void fortyParallelWrongPasswordsEvaluateAtMostTheLimitAndTheRightPasswordInALaterBurstDoesNotSignIn()
            throws Exception {
        TestOperator operator = operators.create("Burst Target");
        String address = LoopbackBrowser.somewhere(port).address();
        long before = LoginThrottleProbe.passwordChecks(passwords);
        List<String> first = burst(operator, address, 40, -1);
        assertThat(first).hasSize(40).allSatisfy(location -> assertThat(location).endsWith("/login?error"));
        long evaluated = LoginThrottleProbe.passwordChecks(passwords) - before;
        assertThat(evaluated).isBetween(1L, 10L);

        long beforeSecond = LoginThrottleProbe.passwordChecks(passwords);
        List<String> second = burst(operator, address, 20, 7);
        assertThat(second).hasSize(20).allSatisfy(location -> assertThat(location).endsWith("/login?error"));
        assertThat(LoginThrottleProbe.passwordChecks(passwords)).isEqualTo(beforeSecond);
    }

    /** Signs in from {@code count} browsers on one address at once; the one at {@code right} has the password. */
    private List<String> burst(TestOperator operator, String address, int count, int right) throws Exception {
        List<LoopbackBrowser> browsers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LoopbackBrowser browser = new LoopbackBrowser(port, address);
            browser.get("/login");
            browsers.add(browser);
        }
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                LoopbackBrowser browser = browsers.get(i);
                String password = i == right ? operator.password() : "burst guess " + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return browser.post("/login", Map.of("username", operator.email(), "password", password))
                            .location();
                }));
            }
            start.countDown();
            List<String> locations = new ArrayList<>();
            for (Future<String> answer : answers) {
                locations.add(answer.get(120, TimeUnit.SECONDS));
            }
            return locations;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theOwnerStillSignsInFromTheirUsualAddressWhileAStrangerHammersTheAccountFromOthers() {
        TestOperator operator = operators.create("Hammered");
        LoopbackBrowser owner = LoopbackBrowser.somewhere(port);
        assertThat(owner.signIn(operator.email(), operator.password())).endsWith("/today");
        // a stranger spends every budget it can reach: ten failures from each of five addresses is past both the
        // pair limit (10) and the account's budget for unfamiliar addresses (40 an hour)
        for (int address = 0; address < 5; address++) {
            LoopbackBrowser stranger = LoopbackBrowser.somewhere(port);
            for (int attempt = 0; attempt < 10; attempt++) {
                assertThat(stranger.signIn(operator.email(), "stranger guess " + attempt)).endsWith("/login?error");
            }
            assertThat(stranger.signIn(operator.email(), "stranger guess again")).endsWith("/login?error");
        }
        // slowed for a new address, even with the right password
        LoopbackBrowser elsewhere = LoopbackBrowser.somewhere(port);
        assertThat(elsewhere.signIn(operator.email(), operator.password())).endsWith("/login?error");
        assertThat(elsewhere.get("/login?error").body()).contains("Too many failed sign-ins for this account");
        // the owner, from the usual address, is not
        LoopbackBrowser ownerAgain = new LoopbackBrowser(port, owner.address());
        assertThat(ownerAgain.signIn(operator.email(), operator.password())).endsWith("/today");
        assertThat(ownerAgain.get("/account").status()).isEqualTo(200);
    }

    @Test
    void pagesSendSecurityHeadersAndNoStore() {
        Response login = browser().get("/login");
        assertThat(login.header("Content-Security-Policy")).contains("default-src 'self'")
                .contains("frame-ancestors 'none'").contains("script-src 'self'");
        assertThat(login.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(login.header("Cache-Control")).contains("no-store");
        Response api = browser().get("/api/v1/stores");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(browser().get("/stores").header("Location")).endsWith("/login");
    }

    @Test
    void passwordsAreStoredAsArgon2idAtOwaspParameters() {
        TestOperator operator = operators.create("Hashed");
        String hash = ActingOperator.runAs(operator.id(), () -> transactions.execute(status -> jdbc
                .sql("select password_hash from operator where id = ?").param(operator.id()).query(String.class).single()));
        assertThat(hash).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
        // outside a transaction no operator is set, and nothing is visible
        assertThat(jdbc.sql("select count(*) from operator").query(Long.class).single()).isZero();
    }

    @Test
    void signUpAnswersAnExistingEmailExactlyAsANewOneAndChangesNothing() {
        TestOperator existing = operators.create("Existing");
        String fresh = "fresh-" + existing.email();
        WebClient web = browser();
        web.get("/signup");
        Response duplicate = web.post("/signup", Map.of("email", existing.email().toUpperCase(), "name", "Copy",
                "password", "violet ferry on the moor"));
        Response created = web.post("/signup", Map.of("email", fresh, "name", "Fresh",
                "password", "violet ferry on the moor"));
        assertThat(duplicate.status()).isEqualTo(created.status()).isEqualTo(302);
        assertThat(duplicate.header("Location")).isEqualTo(created.header("Location")).endsWith("/login?signed-up");
        assertThat(duplicate.body()).isEqualTo(created.body());
        assertThat(web.get("/login?signed-up").body()).contains("Your account is ready")
                .contains("If this email already had an account, nothing was changed").doesNotContain("signed out");
        // the existing account is untouched: the password sent does not sign in to it, its own still does
        assertThat(LoopbackBrowser.somewhere(port).signIn(existing.email(), "violet ferry on the moor"))
                .endsWith("/login?error");
        WebClient owner = browser();
        assertThat(owner.signIn(existing.email(), existing.password()).header("Location")).endsWith("/today");
        assertThat(owner.get("/account").body()).contains("value=\"Existing\"").doesNotContain("value=\"Copy\"");
        assertThat(browser().signIn(fresh, "violet ferry on the moor").header("Location")).endsWith("/today");
    }

    @Test
    void signUpRefusesShortCommonGuessableAndEmailPasswordsWithAReadableMessage() {
        WebClient web = browser();
        web.get("/signup");
        String email = "picky-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("short", "Choose a password of 12");
        refusals.put("1qaz2wsx3edc", "on a list of the most common and breached passwords");
        refusals.put("password1234", "on a list of the most common and breached passwords");
        refusals.put("123456789012", "on a list of the most common and breached passwords");
        refusals.put("Correct Horse Battery Staple", "on a list of the most common and breached passwords");
        refusals.put("abcdefghijklmnop", "Choose a less predictable password");
        refusals.put("shopshopshopshop", "Choose a less predictable password");
        refusals.put(email, "Do not use your email address");
        refusals.put(email.substring(0, email.indexOf('@')) + " plum orbit", "Do not use your email address");
        refusals.forEach((password, message) -> {
            Response refused = web.post("/signup", Map.of("email", email, "name", "Picky", "password", password));
            assertThat(refused.status()).as(password).isEqualTo(200);
            assertThat(refused.body()).as(password).contains(message);
        });
        assertThat(LoopbackBrowser.somewhere(port).signIn(email, "password1234")).endsWith("/login?error");
        assertThat(web.post("/signup", Map.of("email", email, "name", "Picky", "password", "plum orbit kettle saxophone"))
                .header("Location")).endsWith("/login?signed-up");
        assertThat(browser().signIn(email, "plum orbit kettle saxophone").header("Location")).endsWith("/today");
    }

    @Test
    void passwordChangeSignsOutOtherSessionsAndNeedsTheCurrentPassword() {
        TestOperator operator = operators.create("Changer");
        WebClient laptop = browser();
        laptop.signIn(operator.email(), operator.password());
        WebClient phone = browser();
        phone.signIn(operator.email(), operator.password());
        assertThat(phone.get("/account").status()).isEqualTo(200);

        laptop.get("/account");
        laptop.post("/account/password", Map.of("currentPassword", "not it at all",
                "newPassword", "violet ferry on the moor"));
        assertThat(laptop.get("/account").body()).contains("The current password is not right.");
        laptop.post("/account/password", Map.of("currentPassword", operator.password(),
                "newPassword", "violet ferry on the moor"));
        assertThat(laptop.get("/account").status()).isEqualTo(200);
        assertThat(phone.get("/account").status()).isEqualTo(302);
        assertThat(browser().signIn(operator.email(), "violet ferry on the moor").header("Location"))
                .endsWith("/today");
    }
}
