package dev.esm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.WebClient;

/**
 * A module's refusal ({@link ProblemException}) is rendered in one place per surface: problem+json with its status and
 * code on the API ({@link ApiProblems}), the error page with its status on the pages ({@link PageProblems} and
 * {@link ErrorPages}).
 */
class ProblemRenderingIntegrationTests extends IntegrationTest {

    @Test
    void aModulesRefusalOnTheApiIsProblemJsonWithItsKindsStatusAndItsCode() {
        WebClient web = signedIn();
        WebClient.Response missing = web.api("GET", "/api/v1/orders/" + UUID.randomUUID(), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.body()).contains("\"code\":\"order-not-found\"").contains("\"detail\":\"No such order.\"");

        WebClient.Response badFilter = web.api("GET", "/api/v1/orders?marketplace=NOPE", null);
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.header("Content-Type")).startsWith("application/problem+json");
        assertThat(badFilter.body()).contains("\"code\":\"invalid-filter\"");

        WebClient.Response noStore = web.api("GET", "/api/v1/stores/" + UUID.randomUUID() + "/sync-runs", null);
        assertThat(noStore.status()).isEqualTo(404);
        assertThat(noStore.body()).contains("\"code\":\"store-not-found\"");
    }

    @Test
    void aModulesRefusalOnAPageIsTheErrorPageWithItsKindsStatus() {
        WebClient web = signedIn();
        WebClient.Response order = web.get("/orders/" + UUID.randomUUID());
        assertThat(order.status()).isEqualTo(404);
        assertThat(order.header("Content-Type")).startsWith("text/html");
        assertThat(order.body()).contains("There is nothing here, or it is not yours to see.");

        WebClient.Response sync = web.get("/stores/" + UUID.randomUUID() + "/sync");
        assertThat(sync.status()).isEqualTo(404);
        assertThat(sync.body()).contains("There is nothing here");

        WebClient.Response shipping = web.get("/stores/" + UUID.randomUUID() + "/shipping");
        assertThat(shipping.status()).isEqualTo(404);
        assertThat(shipping.body()).contains("There is nothing here").doesNotContain("Exception");
    }

    private WebClient signedIn() {
        TestOperator operator = operators.create("Refused Operator");
        WebClient web = browser();
        web.signIn(operator.email(), operator.password());
        return web;
    }
}
