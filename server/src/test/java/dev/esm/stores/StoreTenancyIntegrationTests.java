package dev.esm.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.esm.TestSandbox;
import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.WebClient;
import dev.esm.WebClient.Response;
import dev.esm.platform.ActingOperator;

/** Two operators never see, change or remove each other's stores, through pages, the API or guessed ids. */
class StoreTenancyIntegrationTests extends IntegrationTest {

    @Autowired
    Stores stores;

    @Test
    void operatorNeverSeesAnotherOperatorsStoreOnPagesOrApi() {
        TestOperator alice = operators.create("Alice");
        TestOperator bob = operators.create("Bob");
        WebClient aliceWeb = signedIn(alice);
        WebClient bobWeb = signedIn(bob);

        TestSandbox.walmartCredentials("cid-a", "sec-a");
        Response created = aliceWeb.api("POST", "/api/v1/stores", """
                {"marketplace":"WALMART","name":"Alice Outlet","credentials":{"clientId":"cid-a","clientSecret":"sec-a"}}""");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        assertThat(aliceWeb.get("/stores").body()).contains("Alice Outlet");
        assertThat(bobWeb.get("/stores").body()).doesNotContain("Alice Outlet");
        assertThat(bobWeb.api("GET", "/api/v1/stores", null).body()).doesNotContain("Alice Outlet").doesNotContain(id);

        assertThat(bobWeb.get("/stores/" + id).status()).isEqualTo(404);
        assertThat(bobWeb.api("GET", "/api/v1/stores/" + id, null).status()).isEqualTo(404);
        assertThat(bobWeb.api("PATCH", "/api/v1/stores/" + id, "{\"name\":\"Taken\"}").status()).isEqualTo(404);
        assertThat(bobWeb.api("DELETE", "/api/v1/stores/" + id, null).status()).isEqualTo(404);
        assertThat(bobWeb.api("GET", "/api/v1/stores/" + id + "/grants", null).status()).isEqualTo(404);
        assertThat(bobWeb.api("POST", "/api/v1/stores/" + id + "/invitations", "{\"email\":\"" + bob.email() + "\"}")
                .status()).isEqualTo(404);
        assertThat(bobWeb.api("GET", "/api/v1/stores/" + id + "/invitations", null).status()).isEqualTo(404);
        bobWeb.get("/stores");
        assertThat(bobWeb.post("/stores/" + id + "/rename", Map.of("name", "Taken")).status()).isEqualTo(404);
        assertThat(bobWeb.post("/stores/" + id + "/delete", Map.of("confirm", "yes")).status()).isEqualTo(404);
        assertThat(bobWeb.post("/stores/" + id + "/invitations", Map.of("email", bob.email())).status()).isEqualTo(404);
        assertThat(bobWeb.api("GET", "/api/v1/invitations", null).body()).isEqualTo("{\"items\":[]}");

        Response stillThere = aliceWeb.api("GET", "/api/v1/stores/" + id, null);
        assertThat(stillThere.status()).isEqualTo(200);
        assertThat(stillThere.body()).contains("\"name\":\"Alice Outlet\"");
    }

    @Test
    void guessedAndMalformedIdsAreNotFound() {
        WebClient web = signedIn(operators.create("Guesser"));
        assertThat(web.api("GET", "/api/v1/stores/" + UUID.randomUUID(), null).status()).isEqualTo(404);
        assertThat(web.api("GET", "/api/v1/stores/1", null).status()).isEqualTo(404);
        assertThat(web.api("GET", "/api/v1/stores/../../etc", null).status()).isIn(400, 404);
        Response missing = web.api("DELETE", "/api/v1/stores/" + UUID.randomUUID(), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.body()).contains("\"code\":\"store-not-found\"");
        assertThat(web.get("/stores/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void grantedOperatorSeesExactlyTheGrantedStoreButCannotChangeIt() {
        TestOperator owner = operators.create("Owner");
        TestOperator member = operators.create("Member");
        UUID shared = ActingOperator.runAs(owner.id(), () -> {
            UUID id = stores.add(dev.esm.shared.Marketplace.WALMART, "Shared Shop",
                    TestSandbox.walmartCredentials(), "test").id();
            stores.add(dev.esm.shared.Marketplace.EBAY, "Private Shop", null, "test");
            return id;
        });
        WebClient ownerWeb = signedIn(owner);
        Response invited = ownerWeb.api("POST", "/api/v1/stores/" + shared + "/invitations",
                "{\"email\":\"" + member.email() + "\"}");
        assertThat(invited.status()).isEqualTo(201);
        String invitation = invited.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        WebClient memberWeb = signedIn(member);
        assertThat(memberWeb.api("GET", "/api/v1/stores", null).body()).doesNotContain("Shared Shop");
        assertThat(memberWeb.api("POST", "/api/v1/invitations/" + invitation + "/accept", null).status())
                .isEqualTo(200);
        String list = memberWeb.api("GET", "/api/v1/stores", null).body();
        assertThat(list).contains("Shared Shop").doesNotContain("Private Shop");
        assertThat(memberWeb.get("/stores").body()).contains("Shared Shop").doesNotContain("Private Shop");
        assertThat(memberWeb.get("/stores/" + shared).status()).isEqualTo(200);
        assertThat(memberWeb.api("PATCH", "/api/v1/stores/" + shared, "{\"name\":\"Mine\"}").status()).isEqualTo(403);
        assertThat(memberWeb.api("DELETE", "/api/v1/stores/" + shared, null).status()).isEqualTo(403);

        assertThat(ownerWeb.api("DELETE", "/api/v1/stores/" + shared + "/grants/" + member.id(), null).status())
                .isEqualTo(204);
        assertThat(memberWeb.api("GET", "/api/v1/stores", null).body()).doesNotContain("Shared Shop");
        assertThat(memberWeb.get("/stores/" + shared).status()).isEqualTo(404);
    }

    @Test
    void ownerAddsRenamesAndRemovesAStoreThroughTheApi() {
        WebClient web = signedIn(operators.create("Lifecycle"));
        Response created = web.api("POST", "/api/v1/stores", """
                {"marketplace":"AMAZON","name":"Prime Shop"}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).contains("\"credentialsSet\":false");
        String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        assertThat(web.api("PATCH", "/api/v1/stores/" + id, "{\"name\":\"Prime Shop 2\"}").body())
                .contains("\"name\":\"Prime Shop 2\"");
        assertThat(web.api("DELETE", "/api/v1/stores/" + id, null).status()).isEqualTo(204);
        assertThat(web.api("GET", "/api/v1/stores/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void badInputGetsAProblemAndChangesNothing() {
        WebClient web = signedIn(operators.create("Careless"));
        Response noMarketplace = web.api("POST", "/api/v1/stores", "{\"name\":\"X\"}");
        assertThat(noMarketplace.status()).isEqualTo(400);
        assertThat(noMarketplace.body()).contains("\"code\":\"invalid-marketplace\"");
        Response noSecret = web.api("POST", "/api/v1/stores",
                "{\"marketplace\":\"WALMART\",\"name\":\"W\",\"credentials\":{\"clientId\":\"c\"}}");
        assertThat(noSecret.status()).isEqualTo(400);
        assertThat(noSecret.body()).contains("clientSecret");
        Response malformed = web.api("POST", "/api/v1/stores", "{not json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(web.api("GET", "/api/v1/stores", null).body()).isEqualTo("{\"items\":[]}");
    }

    private WebClient signedIn(TestOperator operator) {
        WebClient web = browser();
        Response response = web.signIn(operator.email(), operator.password());
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).endsWith("/today");
        return web;
    }
}
