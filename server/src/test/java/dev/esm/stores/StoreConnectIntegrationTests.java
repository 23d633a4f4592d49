package dev.esm.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.orders.SyncRun;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.ebay.EbaySeller;

/** Connecting a store through the marketplace's consent page and back, over HTTP, and what a forged callback gets. */
class StoreConnectIntegrationTests extends IntegrationTest {

    private static final Pattern HIDDEN = Pattern.compile("name=\"([a-z_]+)\" value=\"([^\"]*)\"");

    @Autowired
    SyncOrders syncOrders;

    @Test
    void ebayStoreConnectsThroughTheConsentPageAndThenSyncs() throws Exception {
        EbaySeller seller = TestSandbox.ebay().registerSeller().generateOrders(25, java.time.Duration.ofDays(3));
        TestOperator owner = operators.create("eBay Connector");
        WebClient web = browser();
        web.signIn(owner.email(), owner.password());
        String store = web.api("POST", "/api/v1/stores", "{\"marketplace\":\"EBAY\",\"name\":\"Consent Shop\"}").body()
                .replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        WebClient.Response start = web.get("/stores/" + store + "/connect");
        assertThat(start.status()).isEqualTo(302);
        String consentUrl = start.header("Location");
        assertThat(consentUrl).startsWith(TestSandbox.ebay().baseUrl() + "/oauth2/authorize");

        // the seller at eBay: the consent page, then "Agree"
        HttpClient marketplace = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String page = marketplace.send(HttpRequest.newBuilder(URI.create(consentUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        StringBuilder form = new StringBuilder("username=" + encode(seller.username()) + "&decision=agree");
        Matcher hidden = HIDDEN.matcher(page);
        while (hidden.find()) {
            form.append('&').append(hidden.group(1)).append('=').append(encode(unescape(hidden.group(2))));
        }
        HttpResponse<String> agreed = marketplace.send(HttpRequest.newBuilder(
                        URI.create(TestSandbox.ebay().baseUrl() + "/oauth2/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
        String callback = agreed.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith("http://localhost:" + port + "/connect/ebay/callback?");

        // back at ESM in the operator's browser
        WebClient.Response done = web.get(callback.substring(("http://localhost:" + port).length()));
        assertThat(done.header("Location")).endsWith("/stores/" + store);
        assertThat(web.get("/stores/" + store).body()).contains("Connected to eBay").contains("Set (kept encrypted");

        SyncRun run = ActingOperator.runAs(owner.id(), () -> syncOrders.sync(UUID.fromString(store)).recorded().orElseThrow());
        assertThat(run.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(run.ordersSeen()).isGreaterThanOrEqualTo(25);
    }

    @Test
    void aCallbackWithoutTheSessionsStateConnectsNothing() {
        TestOperator owner = operators.create("Forged Callback");
        WebClient web = browser();
        web.signIn(owner.email(), owner.password());
        String store = web.api("POST", "/api/v1/stores", "{\"marketplace\":\"EBAY\",\"name\":\"Forged\"}").body()
                .replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        web.get("/stores/" + store + "/connect");
        WebClient.Response forged = web.get("/connect/ebay/callback?state=not-ours&code=stolen");
        assertThat(forged.header("Location")).endsWith("/stores");
        assertThat(web.get("/stores").body()).contains("unknown or expired");
        assertThat(web.api("GET", "/api/v1/stores/" + store, null).body()).contains("\"credentialsSet\":false");

        TestOperator other = operators.create("Not The Owner");
        WebClient otherWeb = browser();
        otherWeb.signIn(other.email(), other.password());
        assertThat(otherWeb.get("/stores/" + store + "/connect").status()).isEqualTo(404);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">");
    }
}
