package dev.esm.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.WebClient;
import dev.esm.WebClient.Response;

/** Personal API tokens: shown once, usable as a bearer token, gone when revoked. */
class ApiTokenIntegrationTests extends IntegrationTest {

    private static final Pattern NEW_TOKEN = Pattern.compile("id=\"new-token\">(esm_[A-Za-z0-9_-]+)<");

    @Test
    void tokenIsShownOnceWorksAsBearerAndStopsWorkingWhenRevoked() {
        TestOperator operator = operators.create("Scripter");
        WebClient web = browser();
        web.signIn(operator.email(), operator.password());
        web.get("/account");
        assertThat(web.post("/account/tokens", Map.of("name", "nightly export")).status()).isEqualTo(302);
        Matcher shown = NEW_TOKEN.matcher(web.get("/account").body());
        assertThat(shown.find()).isTrue();
        String token = shown.group(1);
        String again = web.get("/account").body();
        assertThat(again).doesNotContain(token).contains("nightly export");

        String base = "http://localhost:" + port;
        Response created = WebClient.bearer(base, token, "POST", "/api/v1/stores",
                "{\"marketplace\":\"EBAY\",\"name\":\"Scripted Shop\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.all("Set-Cookie")).isEmpty();
        assertThat(WebClient.bearer(base, token, "GET", "/api/v1/stores", null).body()).contains("Scripted Shop");

        String tokenId = again.replaceAll("(?s).*/account/tokens/([0-9a-f-]{36})/revoke.*", "$1");
        web.post("/account/tokens/" + tokenId + "/revoke", Map.of());
        Response revoked = WebClient.bearer(base, token, "GET", "/api/v1/stores", null);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void unknownOrMalformedBearerTokensAreRefused() {
        String base = "http://localhost:" + port;
        assertThat(WebClient.bearer(base, "esm_notarealtoken", "GET", "/api/v1/stores", null).status()).isEqualTo(401);
        assertThat(WebClient.bearer(base, "", "GET", "/api/v1/stores", null).status()).isEqualTo(401);
        assertThat(WebClient.bearer(base, "x".repeat(500), "GET", "/api/v1/stores", null).status()).isEqualTo(401);
    }

    @Test
    void anotherOperatorsTokenCannotBeRevoked() {
        TestOperator owner = operators.create("Token Owner");
        WebClient ownerWeb = browser();
        ownerWeb.signIn(owner.email(), owner.password());
        ownerWeb.get("/account");
        ownerWeb.post("/account/tokens", Map.of("name", "mine"));
        Matcher shown = NEW_TOKEN.matcher(ownerWeb.get("/account").body());
        assertThat(shown.find()).isTrue();
        String token = shown.group(1);
        String tokenId = ownerWeb.get("/account").body().replaceAll("(?s).*/account/tokens/([0-9a-f-]{36})/revoke.*", "$1");

        TestOperator other = operators.create("Token Thief");
        WebClient otherWeb = browser();
        otherWeb.signIn(other.email(), other.password());
        otherWeb.get("/account");
        otherWeb.post("/account/tokens/" + tokenId + "/revoke", Map.of());
        assertThat(WebClient.bearer("http://localhost:" + port, token, "GET", "/api/v1/stores", null).status())
                .isEqualTo(200);
    }
}
