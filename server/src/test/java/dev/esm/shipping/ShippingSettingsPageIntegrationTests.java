package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.esm.IntegrationTest;
import dev.esm.WebClient;
import dev.esm.shipping.TestShipping.Shop;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The shipping settings page: a refusal is shown beside its field in plain words, and what was typed stays. */
class ShippingSettingsPageIntegrationTests extends IntegrationTest {

    @Autowired
    TestShipping shipping;

    @Test
    void aRefusedFormKeepsWhatWasTypedAndSaysWhatIsWrongBesideTheField() {
        Shop shop = shipping.shop("Settings Page Seller", 1);
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        String settings = "/stores/" + shop.store() + "/shipping";

        var refused = web.post(settings + "/packages", Map.of("name", "Gift box", "weightOz", "heavy",
                "lengthIn", "9", "widthIn", "7", "heightIn", "3"));
        assertThat(refused.status()).isEqualTo(302);
        String page = web.get(settings).body();
        assertThat(page).contains("class=\"field-error\">The weight must be a number.</span>")
                .contains("value=\"Gift box\"", "value=\"heavy\"", "value=\"9\"")
                .doesNotContain("weightOz must");

        Map<String, String> address = new LinkedHashMap<>(Map.of("label", "Back dock", "name", "Shipping",
                "street1", "215 Clayton St", "city", "San Francisco", "state", "CA", "zip", "94117", "phone",
                "call me maybe"));
        web.post(settings + "/addresses", address);
        page = web.get(settings).body();
        assertThat(page).contains("A phone number may hold digits")
                .contains("value=\"Back dock\"", "value=\"215 Clayton St\"", "value=\"call me maybe\"");
        // the error stands beside the phone field, not at the top of the page
        int phone = page.indexOf("name=\"phone\"");
        int error = page.indexOf("A phone number may hold digits");
        assertThat(error).isGreaterThan(phone);
        assertThat(page.substring(phone, error)).doesNotContain("<label");
        // once shown, the page is clean again
        assertThat(web.get(settings).body()).doesNotContain("A phone number may hold digits");

        // Remove asks first (the shared shipping script confirms forms with data-confirm), and services have names
        page = web.get(settings).body();
        assertThat(page).contains("data-confirm=\"Remove the package Small box from all your stores?\"", "/js/shipping.js",
                "USPS Ground Advantage").contains("type=\"number\" name=\"weightOz\"", "type=\"tel\" name=\"phone\"");
    }
}
