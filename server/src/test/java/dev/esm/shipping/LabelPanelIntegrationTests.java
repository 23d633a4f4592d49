package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import dev.esm.IntegrationTest;
import dev.esm.WebClient;
import dev.esm.orders.OrderQueries;
import dev.esm.shipping.ShippingCommands.ParcelEntry;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.TestShipping.Shop;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The label panel: the parcel entered per shipment, the package remembered for the same contents, rates in words. */
class LabelPanelIntegrationTests extends IntegrationTest {

    @Autowired
    TestShipping shipping;
    @Autowired
    RateOrder rateOrder;
    @Autowired
    LabelPanels panels;
    @Autowired
    ShippingSettings settings;
    @Autowired
    ShipmentQueries shipments;
    @Autowired
    OrderQueries orders;

    @Test
    void theWeightAndSizeEnteredAreRatedAndProposedAgainForTheSameContents() {
        Shop shop = shipping.shop("Panel Seller", 2);
        UUID order = shop.orders().get(0);
        UUID other = shop.orders().get(1);
        // nothing remembered yet: no package is proposed (no 6 oz poly mailer for everything)
        assertThat(shop.as(() -> panels.panel(order, settings.get(shop.store()), null)).remembered()).isNull();

        // 2 lb 3 oz in a 12 x 9 x 3 box, entered on the panel over the preset's 15.4 oz
        ParcelEntry entered = ParcelEntry.of(new BigDecimal("2"), new BigDecimal("3"), new BigDecimal("12"),
                new BigDecimal("9"), new BigDecimal("3"));
        Shipment rated = shop.as(() -> rateOrder.rate(order, new RatesCommand(shop.shipFrom(), shop.box(), entered,
                false, null), "test"));
        assertThat(rated.weightOz()).isEqualByComparingTo("35");

        var panel = shop.as(() -> panels.panel(order, settings.get(shop.store()), rated));
        assertThat(panel.remembered()).isNotNull();
        assertThat(panel.remembered().packageId()).isEqualTo(shop.box());
        assertThat(panel.remembered().pounds()).isEqualByComparingTo("2");
        assertThat(panel.remembered().ounces()).isEqualByComparingTo("3");
        assertThat(panel.remembered().parcel().lengthIn()).isEqualByComparingTo("12");
        // the rates in people's words, cheapest first, each with a delivery date
        assertThat(panel.rates()).extracting(LabelPanels.RateChoice::name)
                .contains("USPS Ground Advantage", "USPS Priority Mail", "USPS Priority Mail Express")
                .doesNotContain("GroundAdvantage");
        assertThat(panel.rates()).allSatisfy(c -> assertThat(c.price()).startsWith("$"));
        assertThat(panel.rates()).allSatisfy(c -> assertThat(c.arrival()).startsWith("arrives "));
        assertThat(panel.rates()).filteredOn(LabelPanels.RateChoice::selected).hasSize(1);

        // another order's contents differ: nothing proposed for it
        String contents = shop.as(() -> PackageMemory.contents(orders.get(order).lines()));
        String otherContents = shop.as(() -> PackageMemory.contents(orders.get(other).lines()));
        if (!contents.equals(otherContents)) {
            assertThat(shop.as(() -> panels.panel(other, settings.get(shop.store()), null)).remembered()).isNull();
        }
    }

    @Test
    void thePageShowsTheShipToMaskedTheItemsAndABuyButtonWithThePrice() {
        Shop shop = shipping.shop("Panel Page Seller", 1);
        UUID order = shop.orders().get(0);
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        String path = "/orders/" + order + "/shipping";

        // a weight must be entered (or a package chosen): nothing is rated at a default weight
        var none = web.post(path + "/rates", Map.of("shipFromId", shop.shipFrom().toString()));
        assertThat(none.status()).isEqualTo(302);
        assertThat(web.get(path).body()).contains("Choose a package, or enter the parcel&#39;s weight.");
        assertThat(shop.as(() -> shipments.forOrder(order)).current()).isNull();

        var rated = web.post(path + "/rates", Map.of("shipFromId", shop.shipFrom().toString(), "weightLb", "1",
                "weightOz", "4.5"));
        assertThat(rated.status()).isEqualTo(302);
        assertThat(shop.as(() -> shipments.forOrder(order)).current().weightOz()).isEqualByComparingTo("20.5");
        String page = web.get(path).body();
        var buyer = shop.as(() -> orders.get(order)).buyer();
        var full = shop.as(() -> orders.buyerForLabel(order, "test"));
        assertThat(page).contains("id=\"ship-to\"", buyer.initials(), buyer.postalCodePrefix())
                .doesNotContain(full.address1());
        shop.as(() -> orders.get(order)).lines().forEach(l -> assertThat(page).contains(l.sku()));
        assertThat(page).contains("USPS Ground Advantage", "Buy label – $", "arrives ");
    }
}
