package dev.esm.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.WebClient;
import dev.esm.accounts.AccountExports;
import dev.esm.accounts.AccountExports.Export;
import dev.esm.orders.OrderQueries;
import dev.esm.platform.ActingOperator;

/**
 * "Export my data" (ADR 34): the ZIP holds every kind of the operator's data (account, tokens, audit, stores, orders
 * with lines and the buyer opened, shipments, shipping settings) and nothing of another operator, checked by the other
 * operator's values (ids, email, store, order numbers, shipment ids, buyer names); it is stored sealed, downloadable
 * only by its owner, and gone once expired.
 */
class AccountExportIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    AccountExports exports;
    @Autowired
    OrderQueries orders;

    @Test
    void theZipHoldsEveryKindOfTheOperatorsDataAndNothingOfAnotherOperator() throws Exception {
        TenantWorld bob = TenantWorld.fill(context, "Bob Export");
        TenantWorld alice = TenantWorld.fill(context, "Alice Export");
        UUID aliceId = alice.owner().id();
        Export started = ActingOperator.runAs(aliceId, () -> exports.start(aliceId, "127.0.0.1"));
        Export ready = awaitReady(aliceId, started.id());
        assertThat(ready.partsDone()).isEqualTo(ready.partsTotal()).isPositive();

        byte[] zip = ActingOperator.runAs(aliceId, () -> exports.download(ready.id(), "127.0.0.1")).orElseThrow();
        Map<String, String> files = unzip(zip);
        assertThat(files).containsKeys("README.txt", "account/account.json", "account/api-tokens.csv",
                "account/audit.csv", "stores/stores.json", "orders/orders.json", "orders/orders.csv",
                "shipping/shipments.csv", "shipping/settings.json", "catalog/listings.csv");
        // the world's store synced its listings: the catalog file holds them, not only its header
        assertThat(files.get("catalog/listings.csv").lines().count()).isGreaterThan(1);
        assertThat(files.get("catalog/listings.csv")).contains(alice.store().toString())
                .doesNotContain(bob.store().toString());
        String all = String.join("\n", files.values());

        Values a = values(alice);
        Values b = values(bob);
        assertThat(files.get("account/account.json")).contains(alice.owner().email(), aliceId.toString());
        assertThat(files.get("account/api-tokens.csv")).contains("Alice Export token");
        assertThat(files.get("account/audit.csv")).contains("account.sign-up", "account.export-start");
        assertThat(files.get("stores/stores.json")).contains(alice.store().toString(), "Alice Export store",
                alice.member().email());
        assertThat(files.get("orders/orders.json")).contains(a.marketplaceOrderIds().get(0), "\"lines\"");
        for (String buyer : a.buyerNames()) {
            assertThat(files.get("orders/orders.json")).as("buyer opened for the owner").contains(buyer);
        }
        assertThat(files.get("orders/orders.csv")).contains(a.marketplaceOrderIds().get(0));
        // the first is the label bought before the export began; the world's batch may buy its label while it runs
        assertThat(files.get("shipping/shipments.csv")).contains(a.shipmentIds().get(0));
        assertThat(files.get("shipping/settings.json")).contains("Warehouse").doesNotContain("EZTK");
        assertThat(all).doesNotContain("EZTK"); // no provider API key

        List<String> bobValues = new ArrayList<>(List.of(bob.owner().id().toString(), bob.owner().email(),
                bob.store().toString(), bob.member().email(), "Bob Export"));
        bobValues.addAll(b.marketplaceOrderIds());
        bobValues.addAll(b.shipmentIds());
        bobValues.addAll(b.buyerNames());
        // a value both happen to have (a common buyer name from the simulator's pool) says nothing
        bobValues.removeAll(a.marketplaceOrderIds());
        bobValues.removeAll(a.buyerNames());
        for (String value : bobValues) {
            assertThat(all).as("a value of the other operator").doesNotContain(value);
        }

        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("select sealed, wrapped_key from esm.account_export where id = '"
                     + ready.id() + "'")) {
            row.next();
            String stored = new String(row.getBytes(1), StandardCharsets.ISO_8859_1);
            assertThat(stored).as("stored sealed, not as a ZIP").doesNotContain("PK\u0003\u0004")
                    .doesNotContain(alice.owner().email());
            assertThat(row.getBytes(2)).isNotEmpty();
        }
        // only its owner can reach it, by service and by page
        assertThat(ActingOperator.runAs(bob.owner().id(), () -> exports.download(ready.id(), "127.0.0.1"))).isEmpty();
        WebClient bobBrowser = new WebClient("http://localhost:" + port);
        bobBrowser.signIn(bob.owner().email(), bob.owner().password());
        assertThat(bobBrowser.get("/account/export/" + ready.id() + "/download").status()).isEqualTo(404);
        WebClient aliceBrowser = new WebClient("http://localhost:" + port);
        aliceBrowser.signIn(alice.owner().email(), alice.owner().password());
        var download = aliceBrowser.get("/account/export/" + ready.id() + "/download");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Disposition")).contains("attachment");

        // expired: no longer downloadable, and deleted by the expiry
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            sql.execute("update esm.account_export set expires_at = now() - interval '1 minute' where id = '"
                    + ready.id() + "'");
            assertThat(ActingOperator.runAs(aliceId, () -> exports.download(ready.id(), "127.0.0.1"))).isEmpty();
            assertThat(aliceBrowser.get("/account/export/" + ready.id() + "/download").status()).isEqualTo(404);
            try (ResultSet removed = sql.executeQuery("select esm.account_exports_expire()")) {
                removed.next();
                assertThat(removed.getInt(1)).isPositive();
            }
            try (ResultSet left = sql.executeQuery("select count(*) from esm.account_export where id = '"
                    + ready.id() + "'")) {
                left.next();
                assertThat(left.getLong(1)).isZero();
            }
        }
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement();
             ResultSet audit = sql.executeQuery("select count(*) from esm.audit_event where actor_id = '" + aliceId
                     + "' and action in ('account.export', 'account.export-download')")) {
            audit.next();
            assertThat(audit.getLong(1)).as("export and downloads audited").isGreaterThanOrEqualTo(3);
        }
    }

    private Export awaitReady(UUID operator, UUID id) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Export export = ActingOperator.runAs(operator, () -> exports.get(id)).orElseThrow();
            if (export.ready()) {
                return export;
            }
            assertThat(export.state()).isNotEqualTo(Export.State.FAILED);
            assertThat(Instant.now()).as("export ready in time").isBefore(until);
            Thread.sleep(200);
        }
    }

    record Values(List<String> marketplaceOrderIds, List<String> shipmentIds, List<String> buyerNames) {
    }

    /** The world's own values, read as superuser, and its buyers' names opened through the product acting for it. */
    private Values values(TenantWorld world) throws Exception {
        List<String> orderIds = new ArrayList<>();
        List<UUID> orderUuids = new ArrayList<>();
        List<String> shipments = new ArrayList<>();
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            try (ResultSet rows = sql.executeQuery("select id, marketplace_order_id from esm.customer_order where store_id = '"
                    + world.store() + "'")) {
                while (rows.next()) {
                    orderUuids.add(rows.getObject(1, UUID.class));
                    orderIds.add(rows.getString(2));
                }
            }
            try (ResultSet rows = sql.executeQuery("select id from esm.shipment where store_id = '" + world.store()
                    + "' order by created_at, id")) {
                while (rows.next()) {
                    shipments.add(rows.getString(1));
                }
            }
        }
        assertThat(orderIds).isNotEmpty();
        assertThat(shipments).isNotEmpty();
        List<String> buyers = ActingOperator.runAs(world.owner().id(), () -> orderUuids.stream()
                .map(order -> orders.buyerForLabel(order, "test").name()).filter(n -> n != null && n.length() > 3)
                .distinct().toList());
        assertThat(buyers).isNotEmpty();
        return new Values(orderIds, shipments, buyers);
    }

    private static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
