package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.esm.IntegrationTest;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.platform.database.DatabaseAccess.SiblingDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * V34 (ADR 37) on a database migrated up to the version before it, holding per-store ship-from addresses and package
 * presets as V6 made them: every address and preset is still there for its store's owner (identical ones of one
 * owner once), everything that pointed at a merged row points at the row kept, each store keeps its default address,
 * presets whose names clash are renamed rather than dropped, and another owner's identical rows stay its own.
 */
class SharedShippingMigrationIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID aliceFirst = UUID.randomUUID();
    private final UUID aliceSecond = UUID.randomUUID();
    private final UUID bobStore = UUID.randomUUID();
    private final UUID warehouse = UUID.randomUUID();
    private final UUID warehouseAgain = UUID.randomUUID();
    private final UUID garage = UUID.randomUUID();
    private final UUID warehouseSuite = UUID.randomUUID();
    private final UUID bobWarehouse = UUID.randomUUID();
    private final UUID smallBox = UUID.randomUUID();
    private final UUID smallBoxAgain = UUID.randomUUID();
    private final UUID mailer = UUID.randomUUID();
    private final UUID heavierMailer = UUID.randomUUID();
    private final UUID bobBox = UUID.randomUUID();
    private final UUID order = UUID.randomUUID();
    private final UUID shipment = UUID.randomUUID();
    private final UUID batchItem = UUID.randomUUID();

    @Test
    void everyAddressAndPresetSurvivesSharedByItsOwnerWithReferencesAndDefaultsKept() throws Exception {
        try (SiblingDatabase db = DatabaseAccess.createSiblingBefore(context, "v34", 34)) {
            try (Connection c = db.superuser(); Statement sql = c.createStatement()) {
                before(sql);
                assertThat(count(sql, "select count(*) from esm.ship_from_address")).isEqualTo(5);
                assertThat(count(sql, "select count(*) from esm.package_preset")).isEqualTo(5);
            }
            db.migrate();
            try (Connection c = db.superuser(); Statement sql = c.createStatement()) {
                // addresses: Alice's two identical "Warehouse" rows are one; the one with a suite and the garage stay;
                // Bob's identical warehouse is his own
                assertThat(rows(sql, "select id || ' ' || operator_id from esm.ship_from_address order by 1"))
                        .containsExactlyInAnyOrder(warehouse + " " + alice, garage + " " + alice,
                                warehouseSuite + " " + alice, bobWarehouse + " " + bob);
                assertThat(rows(sql, "select street2 from esm.ship_from_address where id = '" + warehouseSuite + "'"))
                        .containsExactly("Suite 2");
                // defaults: each store's former default, the merged one replaced by the row kept
                assertThat(rows(sql, "select store_id || ' ' || default_ship_from_id from esm.shipping_settings"))
                        .containsExactlyInAnyOrder(aliceFirst + " " + warehouse, aliceSecond + " " + warehouse,
                                bobStore + " " + bobWarehouse);
                // what pointed at the merged rows points at the rows kept
                assertThat(rows(sql, "select ship_from_id::text from esm.shipment where id = '" + shipment + "'"))
                        .containsExactly(warehouse.toString());
                assertThat(rows(sql, "select ship_from_id || ' ' || package_id from esm.label_batch_item where id = '"
                        + batchItem + "'")).containsExactly(warehouse + " " + smallBox);
                assertThat(rows(sql, "select package_id::text from esm.sku_package where store_id = '" + aliceSecond
                        + "'")).containsExactly(smallBox.toString());
                // presets: the identical small boxes are one; the two different mailers both stay, the later renamed
                assertThat(rows(sql, "select id || ' ' || operator_id || ' ' || name || ' ' || weight_oz "
                        + "from esm.package_preset"))
                        .containsExactlyInAnyOrder(smallBox + " " + alice + " Small box 15.40",
                                mailer + " " + alice + " Mailer 6.00", heavierMailer + " " + alice + " Mailer (2) 8.00",
                                bobBox + " " + bob + " Small box 15.40");
            }
            // under row-level security each owner sees exactly its own shared rows
            try (Connection app = dev.esm.TestDatabase.connect(db.url(), db.appUser(), db.appPassword())) {
                app.setAutoCommit(false);
                try (Statement sql = app.createStatement()) {
                    sql.execute("select set_config('esm.operator_id', '" + bob + "', true)");
                    assertThat(rows(sql, "select id::text from esm.ship_from_address"))
                            .containsExactly(bobWarehouse.toString());
                    assertThat(rows(sql, "select id::text from esm.package_preset")).containsExactly(bobBox.toString());
                    assertThat(sql.executeUpdate("delete from esm.ship_from_address where id = '" + warehouse + "'"))
                            .isZero();
                }
                app.rollback();
                try (Statement sql = app.createStatement()) {
                    sql.execute("select set_config('esm.operator_id', '" + alice + "', true)");
                    assertThat(count(sql, "select count(*) from esm.ship_from_address")).isEqualTo(3);
                    assertThat(count(sql, "select count(*) from esm.package_preset")).isEqualTo(3);
                }
                app.rollback();
            }
        }
    }

    private void before(Statement sql) throws SQLException {
        for (UUID[] o : new UUID[][] {{alice, null}, {bob, null}}) {
            sql.execute("insert into esm.operator (id, email, name, password_hash) values ('" + o[0] + "', '"
                    + o[0] + "@example.test', 'Seller', 'x')");
        }
        for (Object[] s : new Object[][] {{aliceFirst, alice}, {aliceSecond, alice}, {bobStore, bob}}) {
            sql.execute("insert into esm.store (id, owner_id, marketplace, name) values ('" + s[0] + "', '" + s[1]
                    + "', 'WALMART', 'Store')");
        }
        // only the first store has settings; the others get theirs from the migration
        sql.execute("insert into esm.shipping_settings (store_id, default_service) values ('" + aliceFirst
                + "', 'Priority')");
        address(sql, warehouse, aliceFirst, "Warehouse", null, true, 1);
        address(sql, warehouseAgain, aliceSecond, "Warehouse", null, true, 2);
        address(sql, garage, aliceSecond, "Garage", null, false, 3);
        address(sql, warehouseSuite, aliceSecond, "Warehouse", "Suite 2", false, 4);
        address(sql, bobWarehouse, bobStore, "Warehouse", null, true, 5);
        preset(sql, smallBox, aliceFirst, "Small box", "15.4", "10", 1);
        preset(sql, smallBoxAgain, aliceSecond, "small box", "15.4", "10", 2);
        preset(sql, mailer, aliceFirst, "Mailer", "6", null, 3);
        preset(sql, heavierMailer, aliceSecond, "Mailer", "8", null, 4);
        preset(sql, bobBox, bobStore, "Small box", "15.4", "10", 5);
        sql.execute("insert into esm.customer_order (id, store_id, marketplace_order_id, status, marketplace_status,"
                + " ordered_at, marketplace_updated_at, currency, total, skus, content_hash) values ('" + order
                + "', '" + aliceSecond + "', 'S-1', 'SHIPPED', 'Shipped', now(), now(), 'USD', 1, '{}', '\\x00')");
        sql.execute("insert into esm.shipment (id, store_id, order_id, reference, state, ship_from_id, weight_oz)"
                + " values ('" + shipment + "', '" + aliceSecond + "', '" + order + "', 'S-1', 'PURCHASED', '"
                + warehouseAgain + "', 15.4)");
        UUID batch = UUID.randomUUID();
        sql.execute("insert into esm.label_batch (id, operator_id, total) values ('" + batch + "', '" + alice
                + "', 1)");
        sql.execute("insert into esm.label_batch_item (id, batch_id, position, order_id, marketplace_order_id, "
                + "store_id, ship_from_id, package_id) values ('" + batchItem + "', '" + batch + "', 1, '" + order
                + "', 'S-1', '" + aliceSecond + "', '" + warehouseAgain + "', '" + smallBoxAgain + "')");
        sql.execute("insert into esm.sku_package (store_id, contents, package_id, weight_oz) values ('"
                + aliceSecond + "', 'MUG-1 x1', '" + smallBoxAgain + "', 15.4)");
    }

    private static void address(Statement sql, UUID id, UUID store, String label, String street2,
                                boolean isDefault, int minute) throws SQLException {
        sql.execute("insert into esm.ship_from_address (id, store_id, label, name, company, street1, street2, city, "
                + "state, zip, country, phone, is_default, verified_at, created_at) values ('" + id + "', '" + store
                + "', '" + label + "', 'Shipping Dept', 'Goods', '215 Clayton St', "
                + (street2 == null ? "null" : "'" + street2 + "'") + ", 'San Francisco', 'CA', '94117', 'US', "
                + "'4155550100', " + isDefault + ", now(), timestamptz '2026-01-01 00:00Z' + interval '" + minute
                + " minutes')");
    }

    private static void preset(Statement sql, UUID id, UUID store, String name, String weight, String side,
                               int minute) throws SQLException {
        String size = side == null ? "null, null, null" : side + ", 8, 4";
        sql.execute("insert into esm.package_preset (id, store_id, name, weight_oz, length_in, width_in, height_in, "
                + "created_at) values ('" + id + "', '" + store + "', '" + name + "', " + weight + ", " + size
                + ", timestamptz '2026-01-01 00:00Z' + interval '" + minute + " minutes')");
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
