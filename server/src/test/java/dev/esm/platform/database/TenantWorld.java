package dev.esm.platform.database;

import java.util.List;
import java.util.UUID;

import org.springframework.context.ApplicationContext;

import dev.esm.catalog.internal.SyncListings;

import dev.esm.TestOperators;
import dev.esm.TestOperators.TestOperator;
import dev.esm.accounts.AccountExports;
import dev.esm.accounts.ApiTokens;
import dev.esm.shipping.BuyLabel;
import dev.esm.shipping.LabelBatchCommand;
import dev.esm.shipping.LabelBatches;
import dev.esm.shipping.RateOrder;
import dev.esm.shipping.ShippingSettings;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.TestShipping;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.shipping.spi.LabelFormat;
import dev.esm.stores.StoreInvitations;
import dev.esm.stores.TestGrants;

/**
 * One operator's data in every part of the product, written through the product's own flows: signed up (operator,
 * audit events), a Walmart store (store, data key) synced from the simulator (orders, lines, buyers, status changes,
 * sync state and runs; its listings and listing sync state), shipping settings (API key, default service) with a ship-from address and a package preset, the store shared with a
 * member who accepted (store access) and another email invited and still pending (store invitation), an API token,
 * a label bought (shipment, tracking push), a label batch started (batch, item) and a data export asked for.
 *
 * @param owner  the operator who signed up and owns the store
 * @param member the operator the owner shared the store with
 * @param ids    every id that marks a row as this world's: the owner's, the member's and the store's
 */
record TenantWorld(TestOperator owner, TestOperator member, UUID store, List<UUID> ids) {

    static TenantWorld fill(ApplicationContext context, String name) {
        Shop shop = context.getBean(TestShipping.class).shop(name, 3);
        TestOperator member = context.getBean(TestOperators.class).create(name + " Member");
        StoreInvitations invitations = context.getBean(StoreInvitations.class);
        TestGrants.grant(invitations, shop.owner().id(), shop.store(), member);
        shop.as(() -> {
            invitations.invite(shop.store(), "pending-" + UUID.randomUUID() + "@example.test", "test");
            context.getBean(ApiTokens.class).create(shop.owner().id(), name + " token", "test");
            context.getBean(AccountExports.class).start(shop.owner().id(), "test");
            context.getBean(ShippingSettings.class).setDefaults(shop.store(),
                    new DefaultsCommand("GroundAdvantage", LabelFormat.PDF), "test");
            UUID order = shop.orders().get(0);
            var rated = context.getBean(RateOrder.class).rate(order,
                    new RatesCommand(shop.shipFrom(), shop.box()), "test");
            context.getBean(BuyLabel.class).buy(order, new BuyCommand(rated.rates().get(0).id()));
            var scan = context.getBean(SyncListings.class).sync(shop.store());
            if (!scan.complete()) {
                throw new IllegalStateException("listing sync of the world's store: " + scan.error());
            }
            return context.getBean(LabelBatches.class).start(
                    new LabelBatchCommand(List.of(shop.orders().get(1)), null), "test");
        });
        return new TenantWorld(shop.owner(), member, shop.store(), List.of(shop.owner().id(), member.id(), shop.store()));
    }
}
