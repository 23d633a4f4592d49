package dev.esm.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.WebClient;
import dev.esm.WebClient.Response;
import dev.esm.platform.ActingOperator;

/** Sign-in, sessions, cookies, CSRF, headers and password storage, as a browser meets them. */
class SignInSecurityIntegrationTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

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
    void repeatedWrongPasswordsLockTheAccountForAWhileEvenForTheRightPassword() {
        TestOperator operator = operators.create("Guessed");
        WebClient attacker = browser();
        for (int attempt = 0; attempt < 10; attempt++) {
            Response wrong = attacker.signIn(operator.email(), "wrong password " + attempt);
            assertThat(wrong.header("Location")).endsWith("/login?error");
        }
        WebClient owner = browser();
        Response refused = owner.signIn(operator.email(), operator.password());
        assertThat(refused.header("Location")).endsWith("/login?error");
        assertThat(owner.get("/login?error").body()).contains("Too many failed sign-ins");
        assertThat(owner.get("/stores").status()).isEqualTo(302);
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
    void signUpRefusesDuplicatesAndWeakPasswordsWithAReadableMessage() {
        TestOperator existing = operators.create("Existing");
        WebClient web = browser();
        web.get("/signup");
        Response duplicate = web.post("/signup", Map.of("email", existing.email().toUpperCase(), "name", "Copy",
                "password", "another long password"));
        assertThat(duplicate.status()).isEqualTo(200);
        assertThat(duplicate.body()).contains("An account with this email already exists.");
        Response weak = web.post("/signup", Map.of("email", "weak-" + existing.email(), "name", "Weak",
                "password", "short"));
        assertThat(weak.body()).contains("Choose a password of 12");
        assertThat(web.signIn("weak-" + existing.email(), "short").header("Location")).endsWith("/login?error");
        assertThat(web.get("/login?signed-up").body()).contains("Your account is ready").doesNotContain("signed out");
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
        laptop.post("/account/password", Map.of("currentPassword", "not it at all", "newPassword", "a new long password"));
        assertThat(laptop.get("/account").body()).contains("The current password is not right.");
        laptop.post("/account/password", Map.of("currentPassword", operator.password(),
                "newPassword", "a new long password"));
        assertThat(laptop.get("/account").status()).isEqualTo(200);
        assertThat(phone.get("/account").status()).isEqualTo(302);
        assertThat(browser().signIn(operator.email(), "a new long password").header("Location")).endsWith("/stores");
    }
}
