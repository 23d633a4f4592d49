package dev.esm.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import dev.esm.TestOperators;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.catalog.internal.SyncListings;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.amazon.AmazonSeller;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Stores;

/** An operator with a store on each marketplace, connected to fresh simulator sellers (their catalogs share SKUs). */
record CatalogSellers(TestOperator owner, UUID walmart, UUID amazon, UUID ebay, WalmartSeller walmartSeller,
                      AmazonSeller amazonSeller, EbaySeller ebaySeller) {

    static CatalogSellers create(TestOperators operators, Stores stores, String name) {
        TestOperator owner = operators.create(name);
        String clientId = "catalog-" + UUID.randomUUID();
        StoreCredentials.Walmart walmart = TestSandbox.walmartCredentials(clientId, "catalog-secret");
        AmazonSeller amazonSeller = TestSandbox.amazon().registerSeller();
        EbaySeller ebaySeller = TestSandbox.ebay().registerSeller("c_" + UUID.randomUUID().toString().substring(0, 8));
        String ebayToken = TestSandbox.ebay().issueRefreshToken(TestSandbox.ebayApp(), ebaySeller);
        return ActingOperator.runAs(owner.id(), () -> new CatalogSellers(owner,
                stores.add(Marketplace.WALMART, name + " Walmart", walmart, "test").id(),
                stores.add(Marketplace.AMAZON, name + " Amazon", new StoreCredentials.Amazon(
                        amazonSeller.sellingPartnerId(), amazonSeller.refreshToken()), "test").id(),
                stores.add(Marketplace.EBAY, name + " eBay", new StoreCredentials.Ebay(ebayToken,
                        ebaySeller.userId()), "test").id(),
                TestSandbox.walmart().seller(clientId).orElseThrow(), amazonSeller, ebaySeller));
    }

    List<UUID> stores() {
        return List.of(walmart, amazon, ebay);
    }

    /** Scans every store's listings to the end. */
    CatalogSellers synced(SyncListings sync) {
        for (UUID store : stores()) {
            SyncListings.Scan scan = ActingOperator.runAs(owner.id(), () -> sync.sync(store));
            assertThat(scan.complete()).as("scan of " + store + ": " + scan.error()).isTrue();
        }
        return this;
    }
}
