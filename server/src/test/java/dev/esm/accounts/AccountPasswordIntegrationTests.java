package dev.esm.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.WebClient;

/** The account page's password checks and password changes: throttled, policed, and ending API tokens. */
class AccountPasswordIntegrationTests extends IntegrationTest {

    private static final Pattern NEW_TOKEN = Pattern.compile("id=\"new-token\">(esm_[A-Za-z0-9_-]+)<");
    private static final String NEW_PASSWORD = "harbor lamp 7 quilted";

    @Test
    void currentPasswordChecksOnTheAccountPageAreThrottledLikeSignIn() {
        TestOperator operator = operators.create("Page Guesser");
        LoopbackBrowser session = LoopbackBrowser.somewhere(port);
        assertThat(session.signIn(operator.email(), operator.password())).endsWith("/today");
        for (int attempt = 0; attempt < 10; attempt++) {
            session.get("/account");
            session.post("/account/password", Map.of("currentPassword", "guess " + attempt,
                    "newPassword", NEW_PASSWORD));
            assertThat(session.get("/account").body()).contains("The current password is not right.");
        }
        session.get("/account");
        session.post("/account/password", Map.of("currentPassword", operator.password(), "newPassword", NEW_PASSWORD));
        assertThat(session.get("/account").body()).contains("Too many failed sign-ins")
                .doesNotContain("Password changed");
        session.post("/account/email", Map.of("email", "taken-over-" + operator.email(),
                "currentPassword", operator.password()));
        assertThat(session.get("/account").body()).contains("Too many failed sign-ins")
                .doesNotContain("taken-over-");
        // nothing changed: the old password still signs in from elsewhere, the new one does not
        assertThat(LoopbackBrowser.somewhere(port).signIn(operator.email(), NEW_PASSWORD)).endsWith("/login?error");
        assertThat(LoopbackBrowser.somewhere(port).signIn(operator.email(), operator.password())).endsWith("/today");
    }

    @Test
    void aNewPasswordMustNotBeCommonOrTheEmail() {
        TestOperator operator = operators.create("Policy Keeper");
        WebClient web = browser();
        web.signIn(operator.email(), operator.password());
        web.get("/account");
        web.post("/account/password", Map.of("currentPassword", operator.password(), "newPassword", "password1234"));
        assertThat(web.get("/account").body()).contains("on a list of the most common and breached passwords");
        web.post("/account/password", Map.of("currentPassword", operator.password(), "newPassword", operator.email()));
        assertThat(web.get("/account").body()).contains("Do not use your email address");
        assertThat(browser().signIn(operator.email(), operator.password()).header("Location")).endsWith("/today");
    }

    @Test
    void changingThePasswordEndsTheOperatorsApiTokens() {
        TestOperator operator = operators.create("Token Holder");
        WebClient web = browser();
        web.signIn(operator.email(), operator.password());
        web.get("/account");
        web.post("/account/tokens", Map.of("name", "weekly report"));
        Matcher shown = NEW_TOKEN.matcher(web.get("/account").body());
        assertThat(shown.find()).isTrue();
        String token = shown.group(1);
        String base = "http://localhost:" + port;
        assertThat(WebClient.bearer(base, token, "GET", "/api/v1/stores", null).status()).isEqualTo(200);

        web.post("/account/password", Map.of("currentPassword", operator.password(), "newPassword", NEW_PASSWORD));
        String page = web.get("/account").body();
        assertThat(page).contains("Password changed. Your other sessions were signed out and your API token was ended.")
                .doesNotContain("weekly report");
        WebClient.Response refused = WebClient.bearer(base, token, "GET", "/api/v1/stores", null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    }
}
