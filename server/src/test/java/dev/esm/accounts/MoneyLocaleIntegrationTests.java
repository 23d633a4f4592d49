package dev.esm.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;

import dev.esm.IntegrationTest;
import dev.esm.WebClient;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.platform.OperatorLocale;
import dev.esm.shipping.TestShipping;
import dev.esm.shipping.TestShipping.Shop;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Money on the pages follows the operator's locale from the account page: "$1,234.56" until chosen otherwise, then
 * e.g. German ("1.234,56 $"); a locale not on the list is refused with a message and changes nothing.
 */
class MoneyLocaleIntegrationTests extends IntegrationTest {

    @Autowired
    TestShipping shipping;
    @Autowired
    OrderQueries orders;

    @Test
    void theOrdersGridWritesTotalsInTheLocaleChosenOnTheAccountPage() {
        Shop shop = shipping.shop("Locale Seller", 3);
        OrderSummary first = shop.as(() -> orders.summary(shop.orders().get(0)));
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        String us = OperatorLocale.money(first.total(), first.currency(), Locale.US);
        String german = OperatorLocale.money(first.total(), first.currency(), Locale.GERMANY);
        assertThat(us).startsWith("$");
        assertThat(html(web.get("/orders?tab=all").body())).contains(us).doesNotContain(german);
        assertThat(web.get("/account").body()).contains("id=\"locale\"", "<option value=\"en-US\" selected");

        assertThat(web.post("/account/locale", Map.of("locale", "xx-XX")).status()).isEqualTo(302);
        assertThat(web.get("/account").body()).contains("Choose how money is written from the list.");
        assertThat(html(web.get("/orders?tab=all").body())).contains(us);

        assertThat(web.post("/account/locale", Map.of("locale", "de-DE")).status()).isEqualTo(302);
        assertThat(web.get("/account").body()).contains("Money format saved.", "<option value=\"de-DE\" selected");
        assertThat(html(web.get("/orders?tab=all").body())).contains(german).doesNotContain(">" + us + "<");
    }

    /** The page's text with non-breaking spaces as the formatter writes them (Thymeleaf may escape them). */
    private static String html(String body) {
        return body.replace("&nbsp;", "\u00a0").replace("&#160;", "\u00a0");
    }
}
