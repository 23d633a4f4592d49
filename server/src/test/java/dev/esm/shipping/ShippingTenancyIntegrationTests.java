package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.esm.IntegrationTest;
import dev.esm.WebClient;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.TestShipping.Shop;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** No label, packing slip, shipment or shipping setting of another operator's store is reachable: 404 everywhere. */
class ShippingTenancyIntegrationTests extends IntegrationTest {

    @Autowired
    TestShipping shipping;
    @Autowired
    RateOrder rateOrder;
    @Autowired
    BuyLabel buyLabel;

    @Test
    void anotherOperatorsLabelsSlipsShipmentsAndSettingsAreNotFound() {
        Shop victim = shipping.shop("Victim Seller", 2);
        UUID order = victim.orders().get(0);
        Shipment rated = victim.as(() -> rateOrder.rate(order, new RatesCommand(victim.shipFrom(), victim.box()),
                "test"));
        Shipment bought = victim.as(() -> buyLabel.buy(order, new BuyCommand(rated.rates().get(0).id())));
        UUID otherOrder = victim.orders().get(1);

        Shop intruder = shipping.shop("Intruder Seller", 1);
        WebClient web = browser();
        web.signIn(intruder.owner().email(), intruder.owner().password());
        String store = victim.store().toString();
        for (String path : List.of("/orders/" + order + "/shipping", "/orders/" + order + "/shipping/label",
                "/orders/" + order + "/packing-slip", "/stores/" + store + "/shipping",
                "/api/v1/orders/" + order + "/shipment", "/api/v1/orders/" + order + "/shipment/label",
                "/api/v1/orders/" + order + "/packing-slip", "/api/v1/shipments/" + bought.id(),
                "/api/v1/shipments/" + bought.id() + "/label", "/api/v1/stores/" + store + "/shipping",
                "/api/v1/shipments/" + UUID.randomUUID(), "/api/v1/shipments/not-an-id/label")) {
            assertThat(web.get(path).status()).as(path).isEqualTo(404);
        }
        web.get("/orders/" + intruder.orders().get(0) + "/shipping");
        for (String path : List.of("/orders/" + order + "/shipping/void", "/orders/" + otherOrder + "/shipping/rates",
                "/stores/" + store + "/shipping/api-key")) {
            assertThat(web.post(path, Map.of("apiKey", intruder.apiKey(), "shipFromId", intruder.shipFrom().toString(),
                    "packageId", intruder.box().toString())).status()).as(path).isEqualTo(404);
        }
        for (String path : List.of("/api/v1/orders/" + order + "/shipment/void",
                "/api/v1/orders/" + otherOrder + "/shipment/rates", "/api/v1/orders/" + order + "/shipment/buy")) {
            var response = web.api("POST", path, "{\"shipFromId\":\"" + intruder.shipFrom() + "\",\"packageId\":\""
                    + intruder.box() + "\",\"rateId\":\"" + rated.rates().get(0).id() + "\"}");
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.body()).doesNotContain(bought.trackingCode());
        }
        assertThat(web.api("PUT", "/api/v1/stores/" + store + "/shipping/api-key",
                "{\"apiKey\":\"" + intruder.apiKey() + "\"}").status()).isEqualTo(404);

        // the victim still has exactly its one label, and sees it
        assertThat(victim.purchases()).isEqualTo(1);
        WebClient owner = browser();
        owner.signIn(victim.owner().email(), victim.owner().password());
        assertThat(owner.get("/api/v1/orders/" + order + "/shipment/label").status()).isEqualTo(200);
        assertThat(owner.get("/orders/" + order + "/shipping").body()).contains(bought.trackingCode());
    }
}
