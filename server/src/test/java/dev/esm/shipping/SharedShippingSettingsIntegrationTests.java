package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators;
import dev.esm.TestOperators.TestOperator;
import dev.esm.WebClient;
import dev.esm.shipping.ShippingCommands.PackageCommand;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingViews.PackagePreset;
import dev.esm.shipping.ShippingViews.Settings;
import dev.esm.shipping.ShippingViews.ShipFrom;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.stores.StoreInvitations;
import dev.esm.stores.TestGrants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Ship-from addresses and package presets belong to the operator and are shared by its stores (ADR 37): a second
 * store ships with the first store's address and box, each store keeps its own defaults, a teammate of one store sees
 * but cannot change them, and no other operator reaches them (404 on every path that takes their ids).
 */
class SharedShippingSettingsIntegrationTests extends IntegrationTest {

    @Autowired
    TestShipping shipping;
    @Autowired
    ShippingSettings settings;
    @Autowired
    RateOrder rateOrder;
    @Autowired
    TestOperators operators;
    @Autowired
    StoreInvitations invitations;

    @Test
    void aSecondStoreOfTheOperatorShipsWithTheFirstStoresAddressAndPresetAndKeepsItsOwnDefaults() {
        Shop first = shipping.shop("Two Stores Seller", 2);
        Shop second = shipping.secondStore(first, "Two Stores second", 6);
        assertThat(second.orders()).isNotEmpty();

        Settings seen = second.as(() -> settings.get(second.store()));
        assertThat(seen.addresses()).extracting(ShipFrom::id).containsExactly(first.shipFrom());
        assertThat(seen.packages()).extracting(PackagePreset::id).containsExactly(first.box());
        assertThat(seen.defaultAddress().id()).isEqualTo(first.shipFrom());
        assertThat(seen.defaultPackageId()).isNull();

        // the second store's label is rated from the first store's address, in its box
        UUID order = second.orders().get(0);
        Shipment rated = second.as(() -> rateOrder.rate(order, new RatesCommand(first.shipFrom(), first.box()),
                "test"));
        assertThat(rated.rates()).isNotEmpty();
        assertThat(rated.weightOz()).isEqualByComparingTo("15.4");

        // a preset added by way of the second store is the first store's too; names are unique per operator
        PackagePreset big = second.as(() -> settings.addPackage(second.store(), new PackageCommand("Big box",
                new BigDecimal("40"), new BigDecimal("16"), new BigDecimal("12"), new BigDecimal("10")), "test"));
        assertThat(first.as(() -> settings.get(first.store())).packages()).extracting(PackagePreset::id)
                .containsExactly(big.id(), first.box());
        assertThatThrownBy(() -> first.as(() -> settings.addPackage(first.store(), new PackageCommand("small BOX",
                new BigDecimal("3"), null, null, null), "test")))
                .isInstanceOfSatisfying(ShippingException.class, e -> assertThat(e.code()).isEqualTo("package-name-taken"));

        // defaults are per store
        second.as(() -> settings.setStoreDefaults(second.store(), first.shipFrom(), big.id(), "test"));
        assertThat(second.as(() -> settings.get(second.store())).defaultPackageId()).isEqualTo(big.id());
        assertThat(first.as(() -> settings.get(first.store())).defaultPackageId()).isNull();

        // the operator's API lists the shared rows and both stores' defaults
        WebClient owner = browser();
        owner.signIn(first.owner().email(), first.owner().password());
        var shared = owner.get("/api/v1/shipping");
        assertThat(shared.status()).isEqualTo(200);
        assertThat(shared.body()).contains(first.shipFrom().toString(), first.box().toString(), big.id().toString(),
                first.store().toString(), second.store().toString());

        // a teammate of the second store sees the owner's shared address there, and can change none of it
        TestOperator member = operators.create("Two Stores Member");
        TestGrants.grant(invitations, first.owner().id(), second.store(), member);
        WebClient teammate = browser();
        teammate.signIn(member.email(), member.password());
        assertThat(teammate.get("/api/v1/stores/" + second.store() + "/shipping").body())
                .contains(first.shipFrom().toString(), big.id().toString());
        assertThat(teammate.api("DELETE", "/api/v1/stores/" + second.store() + "/shipping/addresses/"
                + first.shipFrom(), null).status()).isEqualTo(403);
        assertThat(teammate.api("DELETE", "/api/v1/shipping/addresses/" + first.shipFrom(), null).status())
                .isEqualTo(404);
        assertThat(teammate.api("DELETE", "/api/v1/shipping/packages/" + big.id(), null).status()).isEqualTo(404);
        assertThat(teammate.get("/api/v1/shipping").body()).doesNotContain(first.shipFrom().toString());
        assertThat(first.as(() -> settings.get(first.store())).addresses()).extracting(ShipFrom::id)
                .containsExactly(first.shipFrom());

        // removed on the second store's page: gone for the first store too (the store default with it)
        var page = owner.get("/stores/" + second.store() + "/shipping");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Small box", "Big box", "shared by all of", "This store's defaults");
        assertThat(owner.post("/stores/" + second.store() + "/shipping/packages/" + big.id() + "/delete", Map.of())
                .status()).isEqualTo(302);
        assertThat(first.as(() -> settings.get(first.store())).packages()).extracting(PackagePreset::id)
                .containsExactly(first.box());
        assertThat(second.as(() -> settings.get(second.store())).defaultPackageId()).isNull();
    }

    @Test
    void anotherOperatorsSharedAddressesAndPresetsAreNotFound() {
        Shop victim = shipping.shop("Shared Victim", 1);
        Shop intruder = shipping.shop("Shared Intruder", 2);
        WebClient web = browser();
        web.signIn(intruder.owner().email(), intruder.owner().password());
        String store = "/api/v1/stores/" + intruder.store() + "/shipping/store-defaults";
        assertThat(web.api("PUT", store, "{\"shipFromId\":\"" + victim.shipFrom() + "\"}").status()).isEqualTo(404);
        assertThat(web.api("PUT", store, "{\"shipFromId\":\"" + intruder.shipFrom() + "\",\"packageId\":\""
                + victim.box() + "\"}").status()).isEqualTo(404);
        assertThat(web.api("PUT", store, "{\"shipFromId\":\"" + intruder.shipFrom() + "\",\"packageId\":\""
                + intruder.box() + "\"}").status()).isEqualTo(200);
        assertThat(web.api("DELETE", "/api/v1/shipping/addresses/" + victim.shipFrom(), null).status())
                .isEqualTo(404);
        assertThat(web.api("DELETE", "/api/v1/shipping/packages/" + victim.box(), null).status()).isEqualTo(404);
        assertThat(web.api("DELETE", "/api/v1/stores/" + intruder.store() + "/shipping/addresses/"
                + victim.shipFrom(), null).status()).isEqualTo(404);
        UUID order = intruder.orders().get(0);
        assertThat(web.api("POST", "/api/v1/orders/" + order + "/shipment/rates", "{\"shipFromId\":\""
                + victim.shipFrom() + "\",\"packageId\":\"" + intruder.box() + "\"}").status()).isEqualTo(404);
        assertThat(web.api("POST", "/api/v1/orders/" + order + "/shipment/rates", "{\"shipFromId\":\""
                + intruder.shipFrom() + "\",\"packageId\":\"" + victim.box() + "\"}").status()).isEqualTo(404);
        var shared = web.get("/api/v1/shipping");
        assertThat(shared.body()).contains(intruder.shipFrom().toString())
                .doesNotContain(victim.shipFrom().toString(), victim.box().toString());
        assertThat(web.get("/stores/" + intruder.store() + "/shipping").status()).isEqualTo(200);
        assertThat(web.post("/stores/" + intruder.store() + "/shipping/store-defaults", Map.of("shipFromId",
                victim.shipFrom().toString(), "packageId", "")).status()).isEqualTo(404);

        // the victim's rows are all still there
        Settings kept = victim.as(() -> settings.get(victim.store()));
        assertThat(kept.addresses()).extracting(ShipFrom::id).containsExactly(victim.shipFrom());
        assertThat(kept.packages()).extracting(PackagePreset::id).containsExactly(victim.box());
    }
}
