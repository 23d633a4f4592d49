package dev.esm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Stores;

/**
 * Acting for an operator inside a transaction begun for no one (an event listener's, ADR 24) points that transaction at
 * the operator, and back when the work returns.
 */
class ActingOperatorIntegrationTests extends IntegrationTest {

    @Autowired
    Stores stores;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void runAsInsideAnOpenTransactionActsForTheOperatorUntilItReturns() {
        TestOperator owner = operators.create("Acting Owner");
        TestOperator other = operators.create("Other Operator");
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Acting Store",
                TestSandbox.walmartCredentials("acting-" + UUID.randomUUID(), "secret-" + UUID.randomUUID()),
                "test").id());

        transactions.executeWithoutResult(status -> {
            assertThat(visible(store)).as("no one acting").isZero();
            assertThat(ActingOperator.runAs(owner.id(), () -> visible(store))).as("the owner").isEqualTo(1);
            assertThat(visible(store)).as("after the owner's work returned").isZero();
            ActingOperator.runAs(other.id(), () -> {
                assertThat(visible(store)).as("another operator").isZero();
                assertThat(ActingOperator.runAs(owner.id(), () -> visible(store))).as("nested: the owner").isEqualTo(1);
                assertThat(visible(store)).as("back to the other operator").isZero();
            });
        });
    }

    private int visible(UUID store) {
        return jdbc.sql("select count(*) from store where id = ?").param(store).query(Integer.class).single();
    }
}
