package dev.esm.stores;

import dev.esm.marketplace.StoreCredentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.WebClient.Response;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.amazon.AmazonSeller;
import dev.esm.sandbox.amazon.AmazonSimulator;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;
import dev.esm.shared.Marketplace;

/**
 * One seller account, one store (per owner), and Walmart credentials checked with Walmart before they are kept: over
 * HTTP against the simulators, through the API, the pages and the marketplaces' consent flows.
 */
class StoreSellerAccountIntegrationTests extends IntegrationTest {

    private static final Pattern HIDDEN = Pattern.compile("name=\"([a-z_]+)\" value=\"([^\"]*)\"");

    @Autowired
    Stores stores;

    // ---- the same seller twice ----

    @Test
    void aWalmartClientIdAlreadyConnectedToAnotherStoreOfTheOwnerIsRefusedWithThatStoresName() {
        TestOperator owner = operators.create("Twice Walmart");
        WebClient web = signedIn(owner);
        WalmartSeller seller = TestSandbox.walmartSeller();
        Response first = web.api("POST", "/api/v1/stores", walmartStore("Main Street Walmart", seller));
        assertThat(first.status()).isEqualTo(201);

        Response again = web.api("POST", "/api/v1/stores", walmartStore("Second Walmart", seller));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.body()).contains("\"code\":\"seller-already-connected\"")
                .contains("already connected as the store \\\"Main Street Walmart\\\"")
                .doesNotContain(seller.clientId()).doesNotContain(seller.clientSecret());

        // the add page says the same, and no second store exists after either attempt
        web.get("/stores");
        Response page = web.post("/stores", Map.of("marketplace", "WALMART", "name", "Third Walmart",
                "clientId", seller.clientId(), "clientSecret", seller.clientSecret()));
        assertThat(page.header("Location")).endsWith("/stores");
        assertThat(web.get("/stores").body()).contains("already connected as the store &quot;Main Street Walmart&quot;");
        String list = web.api("GET", "/api/v1/stores", null).body();
        assertThat(list).contains("Main Street Walmart").doesNotContain("Second Walmart").doesNotContain("Third Walmart");
        assertThat(storeCount(owner)).isEqualTo(1);

        // another operator's store may hold the same seller account (its own connection, its own orders)
        Response elsewhere = signedIn(operators.create("Other Walmart Owner")).api("POST", "/api/v1/stores",
                walmartStore("Same Seller Elsewhere", seller));
        assertThat(elsewhere.status()).isEqualTo(201);
    }

    @Test
    void storesAddedAtOnceForOneSellerAccountEndAsOneStoreAndRefusalsNamingIt() throws Exception {
        TestOperator owner = operators.create("Racing Owner");
        StoreCredentials.Walmart credentials = TestSandbox.walmartCredentials();
        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                String name = "Racer " + i;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        return "added " + ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, name,
                                credentials, "test")).name();
                    } catch (StoreException e) {
                        return e.code() + ": " + e.getMessage();
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(60, TimeUnit.SECONDS));
            }
            List<String> added = results.stream().filter(r -> r.startsWith("added ")).toList();
            assertThat(added).as(results.toString()).hasSize(1);
            String winner = added.get(0).substring("added ".length());
            assertThat(results).filteredOn(r -> !r.startsWith("added ")).hasSize(racers - 1)
                    .allSatisfy(r -> assertThat(r).startsWith("seller-already-connected: ")
                            .contains("as the store \"" + winner + "\""));
            assertThat(storeCount(owner)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void replacingCredentialsWithASellerAnotherStoreHoldsIsRefusedAndKeepsTheOldOnes() {
        TestOperator owner = operators.create("Replace Twice");
        WebClient web = signedIn(owner);
        WalmartSeller taken = TestSandbox.walmartSeller();
        WalmartSeller own = TestSandbox.walmartSeller();
        assertThat(web.api("POST", "/api/v1/stores", walmartStore("Holder Shop", taken)).status()).isEqualTo(201);
        String other = id(web.api("POST", "/api/v1/stores", walmartStore("Mover Shop", own)));

        Response moved = web.api("PATCH", "/api/v1/stores/" + other, credentials(taken));
        assertThat(moved.status()).isEqualTo(409);
        assertThat(moved.body()).contains("\"code\":\"seller-already-connected\"").contains("Holder Shop");
        assertThat(storedCredentials(owner, other))
                .contains(new StoreCredentials.Walmart(own.clientId(), own.clientSecret()));

        // on the store page as well
        web.get("/stores/" + other);
        web.post("/stores/" + other + "/credentials", Map.of("clientId", taken.clientId(),
                "clientSecret", taken.clientSecret()));
        assertThat(web.get("/stores/" + other).body()).contains("already connected as the store &quot;Holder Shop&quot;");
        assertThat(storedCredentials(owner, other))
                .contains(new StoreCredentials.Walmart(own.clientId(), own.clientSecret()));
    }

    @Test
    void anAmazonSellerConnectedTwiceThroughTheConsentPageIsRefusedForTheSecondStore() throws Exception {
        AmazonSeller seller = TestSandbox.amazon().registerSeller();
        TestOperator owner = operators.create("Twice Amazon");
        WebClient web = signedIn(owner);
        String first = id(web.api("POST", "/api/v1/stores", "{\"marketplace\":\"AMAZON\",\"name\":\"Harbor Amazon\"}"));
        String second = id(web.api("POST", "/api/v1/stores", "{\"marketplace\":\"AMAZON\",\"name\":\"Harbor Again\"}"));

        connectAmazon(web, first, seller);
        assertThat(web.get("/stores/" + first).body()).contains("Connected to Amazon");
        connectAmazon(web, second, seller);

        assertThat(web.get("/stores/" + second).body())
                .contains("This Amazon seller account is already connected as the store &quot;Harbor Amazon&quot;")
                .doesNotContain("Connected to Amazon");
        assertThat(web.api("GET", "/api/v1/stores/" + second, null).body()).contains("\"credentialsSet\":false");
        assertThat(storedCredentials(owner, second)).isEmpty();
        assertThat(web.api("GET", "/api/v1/stores/" + first, null).body()).contains("\"credentialsSet\":true");

        // a different seller account connects the second store
        connectAmazon(web, second, TestSandbox.amazon().registerSeller());
        assertThat(web.api("GET", "/api/v1/stores/" + second, null).body()).contains("\"credentialsSet\":true");
    }

    @Test
    void anEbaySellerConnectedTwiceThroughTheConsentPageIsRefusedForTheSecondStore() throws Exception {
        EbaySeller seller = TestSandbox.ebay().registerSeller();
        TestOperator owner = operators.create("Twice eBay");
        WebClient web = signedIn(owner);
        String first = id(web.api("POST", "/api/v1/stores", "{\"marketplace\":\"EBAY\",\"name\":\"Bay Shop\"}"));
        String second = id(web.api("POST", "/api/v1/stores", "{\"marketplace\":\"EBAY\",\"name\":\"Bay Shop Again\"}"));

        connectEbay(web, first, seller);
        assertThat(web.get("/stores/" + first).body()).contains("Connected to eBay");
        assertThat(storedCredentials(owner, first)).hasValueSatisfying(c -> assertThat(c.sellerAccount())
                .isEqualTo(seller.userId()));
        connectEbay(web, second, seller);

        assertThat(web.get("/stores/" + second).body())
                .contains("This eBay seller account is already connected as the store &quot;Bay Shop&quot;");
        assertThat(web.api("GET", "/api/v1/stores/" + second, null).body()).contains("\"credentialsSet\":false");
        assertThat(storedCredentials(owner, second)).isEmpty();
    }

    // ---- Walmart credentials checked before they are kept ----

    @Test
    void wrongWalmartCredentialsAreRefusedAtAddAndNothingIsStored() {
        TestOperator owner = operators.create("Wrong Secret");
        WebClient web = signedIn(owner);
        WalmartSeller seller = TestSandbox.walmartSeller();
        long tokenCalls = TestSandbox.walmart().counters().requests(WalmartSimulator.OP_TOKEN);

        Response refused = web.api("POST", "/api/v1/stores", "{\"marketplace\":\"WALMART\",\"name\":\"Typo Shop\","
                + "\"credentials\":{\"clientId\":\"" + seller.clientId() + "\",\"clientSecret\":\"not-the-secret\"}}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("\"code\":\"credentials-refused\"")
                .contains("Walmart refused this client id and secret").doesNotContain("not-the-secret");
        assertThat(TestSandbox.walmart().counters().requests(WalmartSimulator.OP_TOKEN)).as("asked Walmart")
                .isGreaterThan(tokenCalls);

        web.get("/stores");
        Response page = web.post("/stores", Map.of("marketplace", "WALMART", "name", "Typo Page Shop",
                "clientId", "unknown-" + UUID.randomUUID(), "clientSecret", "whatever"));
        assertThat(page.header("Location")).endsWith("/stores");
        assertThat(web.get("/stores").body()).contains("Walmart refused this client id and secret");

        assertThat(web.api("GET", "/api/v1/stores", null).body()).isEqualTo("{\"items\":[]}");
        assertThat(storeCount(owner)).isZero();

        // the right ones are accepted
        Response right = web.api("POST", "/api/v1/stores", walmartStore("Right Shop", seller));
        assertThat(right.status()).isEqualTo(201);
        assertThat(right.body()).contains("\"credentialsSet\":true");
    }

    @Test
    void wrongWalmartCredentialsAreRefusedAtReplaceAndTheOldOnesStay() {
        TestOperator owner = operators.create("Wrong Replacement");
        WebClient web = signedIn(owner);
        WalmartSeller seller = TestSandbox.walmartSeller();
        String store = id(web.api("POST", "/api/v1/stores", walmartStore("Steady Shop", seller)));

        Response refused = web.api("PATCH", "/api/v1/stores/" + store, "{\"name\":\"Renamed\",\"credentials\":"
                + "{\"clientId\":\"" + seller.clientId() + "\",\"clientSecret\":\"typo\"}}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("\"code\":\"credentials-refused\"");
        assertThat(web.api("GET", "/api/v1/stores/" + store, null).body()).contains("\"name\":\"Steady Shop\"");
        assertThat(storedCredentials(owner, store))
                .contains(new StoreCredentials.Walmart(seller.clientId(), seller.clientSecret()));

        web.get("/stores/" + store);
        web.post("/stores/" + store + "/credentials", Map.of("clientId", seller.clientId(), "clientSecret", "typo"));
        assertThat(web.get("/stores/" + store).body()).contains("Walmart refused this client id and secret")
                .doesNotContain("Credentials replaced.");
        assertThat(storedCredentials(owner, store))
                .contains(new StoreCredentials.Walmart(seller.clientId(), seller.clientSecret()));

        // a new secret made in Seller Center replaces the old one
        seller.resetClientSecret("fresh-" + UUID.randomUUID());
        Response replaced = web.api("PATCH", "/api/v1/stores/" + store, credentials(seller));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(storedCredentials(owner, store))
                .contains(new StoreCredentials.Walmart(seller.clientId(), seller.clientSecret()));
    }

    @Test
    void whenWalmartCannotBeAskedTheStoreIsNotAddedAndTheProblemSaysTryAgain() {
        TestOperator owner = operators.create("Walmart Down");
        WebClient web = signedIn(owner);
        WalmartSeller seller = TestSandbox.walmartSeller();
        TestSandbox.walmart().faults().setApplyToAuth(true).setServerErrorShare(1.0);
        Response unavailable;
        try {
            unavailable = web.api("POST", "/api/v1/stores", walmartStore("Down Shop", seller));
        } finally {
            TestSandbox.walmart().faults().reset();
        }
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unavailable.body()).contains("\"code\":\"marketplace-unavailable\"").contains("Nothing was saved");
        assertThat(storeCount(owner)).isZero();
        assertThat(web.api("POST", "/api/v1/stores", walmartStore("Down Shop", seller)).status()).isEqualTo(201);
    }

    // ---- helpers ----

    private static String walmartStore(String name, WalmartSeller seller) {
        return "{\"marketplace\":\"WALMART\",\"name\":\"" + name + "\",\"credentials\":{\"clientId\":\""
                + seller.clientId() + "\",\"clientSecret\":\"" + seller.clientSecret() + "\"}}";
    }

    private static String credentials(WalmartSeller seller) {
        return "{\"credentials\":{\"clientId\":\"" + seller.clientId() + "\",\"clientSecret\":\""
                + seller.clientSecret() + "\"}}";
    }

    private WebClient signedIn(TestOperator operator) {
        WebClient web = browser();
        web.signIn(operator.email(), operator.password());
        return web;
    }

    private static String id(Response created) {
        assertThat(created.status()).isEqualTo(201);
        return created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    private int storeCount(TestOperator owner) {
        return ActingOperator.runAs(owner.id(), () -> stores.list().size());
    }

    private Optional<StoreCredentials> storedCredentials(TestOperator owner, String store) {
        return ActingOperator.runAs(owner.id(), () -> stores.credentials(UUID.fromString(store)));
    }

    /** The owner starts the connection, the seller authorizes at Amazon, the browser comes back to ESM. */
    private void connectAmazon(WebClient web, String store, AmazonSeller seller) throws Exception {
        WebClient.Response start = web.get("/stores/" + store + "/connect");
        assertThat(start.status()).isEqualTo(302);
        String consentUrl = start.header("Location");
        Matcher state = Pattern.compile("[?&]state=([^&]+)").matcher(consentUrl);
        assertThat(state.find()).isTrue();
        HttpClient marketplace = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        assertThat(marketplace.send(HttpRequest.newBuilder(URI.create(consentUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> authorized = marketplace.send(HttpRequest.newBuilder(URI.create(
                        TestSandbox.amazon().baseUrl() + AmazonSimulator.CONSENT_PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("application_id="
                        + encode(TestSandbox.amazon().app().applicationId()) + "&state=" + state.group(1)
                        + "&selling_partner_id=" + encode(seller.sellingPartnerId()))).build(),
                HttpResponse.BodyHandlers.ofString());
        String callback = authorized.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith("http://localhost:" + port + "/connect/amazon/callback?");
        WebClient.Response done = web.get(callback.substring(("http://localhost:" + port).length()));
        assertThat(done.header("Location")).endsWith("/stores/" + store);
    }

    /** The owner starts the connection, the seller agrees at eBay, the browser comes back to ESM. */
    private void connectEbay(WebClient web, String store, EbaySeller seller) throws IOException, InterruptedException {
        WebClient.Response start = web.get("/stores/" + store + "/connect");
        assertThat(start.status()).isEqualTo(302);
        HttpClient marketplace = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String page = marketplace.send(HttpRequest.newBuilder(URI.create(start.header("Location"))).build(),
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
        WebClient.Response done = web.get(callback.substring(("http://localhost:" + port).length()));
        assertThat(done.header("Location")).endsWith("/stores/" + store);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">");
    }
}
