package dev.esm.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.orders.OrderException;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.SyncRun;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Stores;

/** Buyer data removed through {@link BuyerErasure} stays removed: the tombstone outlives every later sync. */
class BuyerErasureIntegrationTests extends IntegrationTest {

    @Autowired
    BuyerErasure erasure;
    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    OrderQueries queries;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void erasedBuyerIsGoneFromDetailsAndRevealAndAStatusChangeAtTheMarketplaceDoesNotBringItBack() {
        TestOperator owner = operators.create("Erasing Seller");
        String clientId = "erase-" + UUID.randomUUID();
        WalmartSeller walmart = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        walmart.generateOrders(30, Duration.ofDays(5));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Erasing",
                new StoreCredentials.Walmart(clientId, walmart.clientSecret()), "test").id());
        sync(owner, store);
        List<UUID> orders = orderIds(owner, store);
        assertThat(orders).hasSize(30);
        assertThat(heldBuyers(owner, store)).isEqualTo(30);
        UUID one = orders.get(0);
        assertThat(ActingOperator.runAs(owner.id(), () -> queries.get(one)).buyer()).isNotNull();
        assertThat(ActingOperator.runAs(owner.id(), () -> queries.get(one)).buyerRemoved()).isNull();

        // acting for no operator, as a job does
        assertThat(erasure.erase(orders, ErasureReason.OPERATOR_REQUEST)).isEqualTo(30);
        assertThat(erasure.erase(orders, ErasureReason.RETENTION)).as("already removed").isZero();

        assertThat(heldBuyers(owner, store)).isZero();
        var details = ActingOperator.runAs(owner.id(), () -> queries.get(one));
        assertThat(details.buyer()).isNull();
        assertThat(details.buyerRemoved()).isNotNull();
        assertThat(details.buyerRemoved().reason()).isEqualTo(ErasureReason.OPERATOR_REQUEST);
        assertThatThrownBy(() -> ActingOperator.runAs(owner.id(), () -> queries.revealBuyer(one, "test")))
                .isInstanceOf(OrderException.class);

        // the marketplace moves orders on (and still sends their buyers): the rewritten orders keep their tombstones
        WalmartSeller.TickResult tick = walmart.tick(0, 12);
        assertThat(tick.changed()).isNotEmpty();
        SyncRun again = sync(owner, store);
        assertThat(again.ordersChanged()).isGreaterThanOrEqualTo(tick.changed().size());
        assertThat(heldBuyers(owner, store)).isZero();
        assertThat(tombstones(owner, store)).isEqualTo(30);
    }

    private SyncRun sync(TestOperator owner, UUID store) {
        return ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store).recorded().orElseThrow());
    }

    private List<UUID> orderIds(TestOperator owner, UUID store) {
        return ActingOperator.runAs(owner.id(), () -> transactions.execute(status -> jdbc
                .sql("select id from esm.customer_order where store_id = ?").param(store).query(UUID.class).list()));
    }

    /** Buyer rows that still hold a sealed value (or a name index term). */
    private long heldBuyers(TestOperator owner, UUID store) {
        return ActingOperator.runAs(owner.id(), () -> transactions.execute(status -> jdbc.sql("""
                        select count(*) from esm.order_buyer
                         where store_id = ? and (sealed is not null or cardinality(name_index) > 0)""")
                .param(store).query(Long.class).single()));
    }

    private long tombstones(TestOperator owner, UUID store) {
        return ActingOperator.runAs(owner.id(), () -> transactions.execute(status -> jdbc.sql("""
                        select count(*) from esm.order_buyer
                         where store_id = ? and removed_at is not null and removed_reason = 'OPERATOR_REQUEST'""")
                .param(store).query(Long.class).single()));
    }
}
