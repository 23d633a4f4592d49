package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.platform.database.DatabaseAccess;

/**
 * What keeps the buyer-name search cheap at a million orders while the syncs write (V21__order_list_plans.sql; the
 * plans are in docs/benchmarks.md, "Order list API at 1M orders").
 */
class OrderListIndexesIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void buyerNameIndexTakesEachInsertDirectlySoASearchReadsNoPendingList() throws Exception {
        assertThat(options("order_buyer_name_idx")).contains("fastupdate=off");
    }

    @Test
    void buyerNameLookupTellsThePlannerItMatchesFewOrders() throws Exception {
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery(
                     "select prorows from pg_proc where oid = 'esm.orders_by_buyer_name'::regproc")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getFloat(1)).isLessThanOrEqualTo(10f);
        }
    }

    private String options(String index) throws Exception {
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("select coalesce(array_to_string(c.reloptions, ','), '') from pg_class c"
                     + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'esm' and c.relname = '"
                     + index + "'")) {
            assertThat(row.next()).as(index).isTrue();
            return row.getString(1);
        }
    }
}
