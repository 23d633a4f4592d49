package dev.esm.platform.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.marketplace.Marketplaces;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Stores;

/**
 * Shared buckets keyed the way each API meters its calls, seen through the stores' own permits: eBay's daily quota
 * belongs to ESM's application (every eBay store draws from it) with a bucket per seller beside it; Walmart's quota
 * belongs to the seller account, whichever operators connected it.
 */
class QuotaMeteringIntegrationTests extends IntegrationTest {

    /** Slow enough that nothing refills while a test looks. */
    private static final double STILL = 1e-6;

    @Autowired
    QuotaBuckets quotas;
    @Autowired
    Stores stores;
    @Autowired
    Marketplaces marketplaces;

    @Test
    void twoStoresOfOneEbayAppShareTheAppsDailyBucketAndKeepASellerBucketEach() throws Exception {
        StoreOf a = ebayStore("eBay quota A");
        StoreOf b = ebayStore("eBay quota B");
        CallLimit app = limit(Marketplace.EBAY, "ebay-orders");
        CallLimit seller = limit(Marketplace.EBAY, "ebay-orders-seller");
        assertThat(app.meteredBy()).isEqualTo(Meter.APPLICATION);
        assertThat(seller.meteredBy()).isEqualTo(Meter.SELLER_ACCOUNT);

        QuotaMeters metersA = a.meters();
        QuotaMeters metersB = b.meters();
        assertThat(metersA.key(app)).as("one bucket for the app's daily quota").isEqualTo(metersB.key(app));
        assertThat(metersA.key(seller)).as("a bucket per seller").isNotEqualTo(metersB.key(seller));
        assertThat(metersA.key(app)).doesNotContain(a.id().toString()).doesNotContain(TestSandbox.EBAY_CLIENT_ID);

        quotas.replace(metersA, new CallLimit(app.operation(), STILL, 1000, app.meteredBy()));
        quotas.replace(metersA, new CallLimit(seller.operation(), STILL, 1000, seller.meteredBy()));
        quotas.replace(metersB, new CallLimit(seller.operation(), STILL, 1000, seller.meteredBy()));
        long appBefore = quotas.available(metersB, app);
        long sellerBBefore = quotas.available(metersB, seller);
        long sellerABefore = quotas.available(metersA, seller);

        QuotaBuckets.StorePermits permitsA = ActingOperator.runAs(a.owner().id(), () -> quotas.permits(a.id()));
        for (int i = 0; i < 10; i++) {
            permitsA.take(app);
            permitsA.take(seller);
        }

        assertThat(quotas.available(metersB, app)).as("store B sees store A's calls in the app's bucket")
                .isLessThanOrEqualTo(appBefore - 10);
        assertThat(quotas.available(metersA, seller)).isLessThanOrEqualTo(sellerABefore - 10);
        assertThat(quotas.available(metersB, seller)).as("but not in its own seller bucket")
                .isEqualTo(sellerBBefore);
    }

    @Test
    void twoOperatorsStoresOnOneWalmartSellerShareOneBucket() throws Exception {
        StoreCredentials.Walmart credentials = TestSandbox.walmartCredentials();
        StoreOf first = store(Marketplace.WALMART, "Walmart shared A", credentials);
        StoreOf second = store(Marketplace.WALMART, "Walmart shared B", credentials);
        StoreOf other = store(Marketplace.WALMART, "Walmart other", TestSandbox.walmartCredentials());
        CallLimit orders = limit(Marketplace.WALMART, "walmart-orders");
        assertThat(orders.meteredBy()).isEqualTo(Meter.SELLER_ACCOUNT);

        QuotaMeters metersFirst = first.meters();
        QuotaMeters metersSecond = second.meters();
        assertThat(metersFirst.key(orders)).isEqualTo(metersSecond.key(orders))
                .doesNotContain(credentials.clientId());
        assertThat(other.meters().key(orders)).as("another seller account").isNotEqualTo(metersFirst.key(orders));

        quotas.replace(metersFirst, new CallLimit(orders.operation(), STILL, 100, orders.meteredBy()));
        long before = quotas.available(metersFirst, orders);
        long otherBefore = quotas.available(other.meters(), orders);
        QuotaBuckets.StorePermits permitsSecond =
                ActingOperator.runAs(second.owner().id(), () -> quotas.permits(second.id()));
        for (int i = 0; i < 5; i++) {
            permitsSecond.take(orders);
        }

        assertThat(quotas.available(metersFirst, orders)).as("the first operator's store sees the second's calls")
                .isLessThanOrEqualTo(before - 5);
        assertThat(quotas.available(other.meters(), orders)).isGreaterThanOrEqualTo(otherBefore);
    }

    private record StoreOf(TestOperator owner, UUID id, QuotaBuckets quotas) {
        QuotaMeters meters() {
            return ActingOperator.runAs(owner.id(), () -> quotas.meters(id));
        }
    }

    private StoreOf ebayStore(String name) {
        EbaySeller seller = TestSandbox.ebay().registerSeller("q_" + UUID.randomUUID().toString().substring(0, 8));
        String refreshToken = TestSandbox.ebay().issueRefreshToken(TestSandbox.ebayApp(), seller);
        return store(Marketplace.EBAY, name, new StoreCredentials.Ebay(refreshToken, seller.userId()));
    }

    private StoreOf store(Marketplace marketplace, String name, StoreCredentials credentials) {
        TestOperator owner = operators.create(name);
        UUID id = ActingOperator.runAs(owner.id(), () -> stores.add(marketplace, name, credentials, "test").id());
        return new StoreOf(owner, id, quotas);
    }

    private CallLimit limit(Marketplace marketplace, String operation) {
        return marketplaces.descriptor(marketplace).orElseThrow().callLimits().stream()
                .filter(l -> l.operation().equals(operation)).findFirst().orElseThrow();
    }
}
