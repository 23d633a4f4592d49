package dev.esm.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.esm.IntegrationTest;
import dev.esm.WebClient;
import dev.esm.accounts.ApiTokens;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews.Buyer;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.shipping.TestShipping;
import dev.esm.shipping.TestShipping.Shop;

/**
 * Issue 12 §6: the log output (captured from the console, after the masking layout) holds no buyer value and no
 * secret, over a sync, a label buy, errors (a refused sync, refused requests), reveals and failed sign-ins. The
 * buyers' values are taken from the product itself (revealed through the API), the secrets are the store's
 * marketplace secret, its shipping provider key, the operator's password, a password typed wrong and an API token.
 * <p>
 * Exports and account deletions (built beside this) get their own method here,
 * {@code exportsAndDeletionsLogNoBuyerValueAndNoSecret}, built the same way from {@link #watchedValues} and
 * {@link #assertNoneLogged}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogsWithoutPersonalDataIntegrationTests extends IntegrationTest {

    @Autowired
    TestShipping shipping;
    @Autowired
    OrderQueries orders;
    @Autowired
    SyncOrders sync;
    @Autowired
    ApiTokens tokens;

    @Test
    void theRunningServersLogOutputIsMasked(CapturedOutput output) {
        String email = "jane.masked-" + UUID.randomUUID() + "@example.com";
        org.slf4j.LoggerFactory.getLogger(LogsWithoutPersonalDataIntegrationTests.class)
                .warn("a careless line: buyer {} with refresh_token=Atzr|careless-token", email);
        assertThat(output.getAll()).contains("a careless line: buyer [masked] with refresh_token=[masked]")
                .doesNotContain(email).doesNotContain("careless-token");
    }

    @Test
    void syncLabelsErrorsRevealsAndFailedSignInsLogNoBuyerValueAndNoSecret(CapturedOutput output) {
        Shop shop = shipping.shop("Log Watcher", 3);
        List<String> secrets = new ArrayList<>(List.of(shop.seller().clientSecret(), shop.apiKey(),
                shop.owner().password()));

        // failed sign-ins: a known account with a wrong password, an unknown email
        String wrongPassword = "Typed-Wrong-" + UUID.randomUUID();
        browser().signIn(shop.owner().email(), wrongPassword);
        String strangerPassword = "Stranger-" + UUID.randomUUID();
        browser().signIn("stranger-" + UUID.randomUUID() + "@example.test", strangerPassword);
        secrets.add(wrongPassword);
        secrets.add(strangerPassword);

        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        // reveals, through the API as an operator would
        List<Buyer> buyers = new ArrayList<>();
        for (UUID order : shop.orders()) {
            WebClient.Response revealed = web.api("POST", "/api/v1/orders/" + order + "/buyer", null);
            assertThat(revealed.status()).isEqualTo(200);
            buyers.add(shop.as(() -> orders.revealBuyer(order, "test")));
        }
        // a label
        UUID order = shop.orders().get(0);
        var rates = web.api("POST", "/api/v1/orders/" + order + "/shipment/rates",
                "{\"shipFromId\":\"" + shop.shipFrom() + "\",\"packageId\":\"" + shop.box() + "\"}");
        assertThat(rates.status()).isEqualTo(200);
        String rateId = rates.body().replaceAll("(?s).*?\"id\":\"(rate_[0-9a-f]+)\".*", "$1");
        assertThat(web.api("POST", "/api/v1/orders/" + order + "/shipment/buy", "{\"rateId\":\"" + rateId + "\"}")
                .status()).isEqualTo(200);
        // an API token, used
        String token = shop.as(() -> tokens.create(shop.owner().id(), "log watcher", "test")).secret();
        secrets.add(token);
        assertThat(WebClient.bearer("http://localhost:" + port, token, "GET", "/api/v1/orders", null).status())
                .isEqualTo(200);
        // errors: refused requests, and a sync the marketplace refuses (its secret changed at Walmart)
        assertThat(web.api("POST", "/api/v1/orders/" + shop.orders().get(1) + "/shipment/buy",
                "{\"rateId\":\"rate_0000\"}").status()).isGreaterThanOrEqualTo(400);
        String refusedKey = "EZTK" + UUID.randomUUID().toString().replace("-", "");
        secrets.add(refusedKey);
        assertThat(web.api("PUT", "/api/v1/stores/" + shop.store() + "/shipping/api-key",
                "{\"apiKey\":\"" + refusedKey + "\"}").status()).isGreaterThanOrEqualTo(400);
        assertThat(web.api("POST", "/api/v1/stores", "{\"marketplace\":\"WALMART\",\"name\":\"Second\","
                + "\"credentials\":{\"clientId\":\"nobody\",\"clientSecret\":\"" + shop.seller().clientSecret() + "\"}}")
                .status()).isGreaterThanOrEqualTo(400);
        shop.seller().resetClientSecret("rotated-" + UUID.randomUUID());
        shop.as(() -> sync.sync(shop.store()));

        assertThat(output.getAll()).as("the capture saw the work").contains("signed in");
        assertNoneLogged(output, watchedValues(buyers, secrets));
    }

    /** The values no log line may hold: each buyer's name, address lines, phone and gift message, and the secrets. */
    static List<String> watchedValues(List<Buyer> buyers, List<String> secrets) {
        List<String> values = new ArrayList<>(secrets);
        for (Buyer buyer : buyers) {
            assertThat(buyer.name()).isNotBlank();
            values.add(buyer.name());
            values.add(buyer.address1());
            values.add(buyer.address2());
            values.add(buyer.phone());
            values.add(buyer.giftMessage());
        }
        // short values (a two-letter state, a house number) would match anywhere; every watched value here is longer
        return values.stream().filter(v -> v != null && v.strip().length() >= 6).map(String::strip).distinct().toList();
    }

    static void assertNoneLogged(CapturedOutput output, List<String> values) {
        String all = output.getAll();
        assertThat(values).isNotEmpty();
        for (String value : values) {
            assertThat(all).as("a watched value in the log output").doesNotContain(value);
        }
    }
}
