package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.platform.database.DatabaseAccess;

/**
 * What keeps the order list's plans cheap at a million orders while the syncs write and before ANALYZE has run
 * (V21__order_list_plans.sql; the plans are in docs/benchmarks.md, "Order list API at 1M orders").
 */
class OrderListIndexesIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void buyerNameIndexTakesEachInsertDirectlySoASearchReadsNoPendingList() throws Exception {
        assertThat(options("order_buyer_name_idx")).contains("fastupdate=off");
    }

    @Test
    void orderLinesHaveNoIndexOnTheStoreAloneForAnItemCountToCombineWith() throws Exception {
        List<String> definitions = new ArrayList<>();
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery(
                     "select indexdef from pg_indexes where schemaname = 'esm' and tablename = 'order_line'")) {
            while (rows.next()) {
                definitions.add(rows.getString(1));
            }
        }
        assertThat(definitions).noneMatch(definition -> definition.endsWith("(store_id)"))
                .anyMatch(definition -> definition.contains("(order_id, line_number)"))
                .anyMatch(definition -> definition.contains("(store_id, sku) INCLUDE (order_id)"));
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
