package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.esm.IntegrationTest;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.shipping.spi.LabelFormat;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.esm.platform.database.DatabaseAccess;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Label batches through the real server, database, batch workers and EasyPost simulator: a batch of 200 orders with
 * 10 % of the buys refused by the provider, the failures listed in the provider's words, a retry of only those, no
 * label bought twice, all labels as one PDF; and another operator's batch is not found.
 */
class LabelBatchIntegrationTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TestShipping shipping;
    @Autowired
    ShippingSettings settings;
    @Autowired
    ApplicationContext context;

    @AfterEach
    void refuseRebuysAgain() {
        TestSandbox.easypost().honourRebuys(false);
    }

    @Test
    void batchOf200With10PercentInjectedFailuresBuys180ListsTwentyAndRetryBuysTheRest() throws Exception {
        Shop shop = shipping.shop("Batch Seller", 200);
        // 200 orders await shipment (the shop may hold others: shipped or fulfilled by Walmart, never in a batch)
        assertThat(shop.orders()).hasSizeGreaterThanOrEqualTo(200);
        shop.as(() -> {
            settings.setDefaults(shop.store(), new DefaultsCommand("GroundAdvantage", LabelFormat.PDF), "test");
            return null;
        });
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());

        long started = System.nanoTime();
        // a second buy of a shipment would be honoured (and counted) by the simulator, not refused unseen
        TestSandbox.easypost().honourRebuys(true);
        TestSandbox.easypost().rejectEveryNthBuy(10);
        JsonNode batch;
        try {
            // "all orders matching the current filters": the store's 200 orders awaiting shipment
            var created = web.api("POST", "/api/v1/label-batches",
                    "{\"filter\":{\"store\":\"" + shop.store() + "\"}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            batch = JSON.readTree(created.body());
            assertThat(batch.path("total").asInt()).isEqualTo(200);
            batch = awaitDone(web, batch.path("id").asString());
        } finally {
            TestSandbox.easypost().rejectEveryNthBuy(0);
        }
        String id = batch.path("batch").path("id").asString();
        System.out.printf("Batch of 200 (20 refused): %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(batch.path("batch").path("purchased").asInt()).isEqualTo(180);
        assertThat(batch.path("batch").path("failed").asInt()).isEqualTo(20);
        assertThat(batch.path("batch").path("rateLimited").asInt()).isZero();
        JsonNode failures = batch.path("failures");
        assertThat(failures).hasSize(20);
        for (JsonNode failure : failures) {
            assertThat(failure.path("message").asString())
                    .contains("SHIPMENT.POSTAGE.FAILURE", "USPS could not create postage");
            assertThat(failure.path("marketplaceOrderId").asString()).isNotBlank();
        }
        assertThat(shop.purchases()).isEqualTo(180);
        // one buy request per order: 180 bought, 20 refused
        assertThat(shop.buyRequests()).isEqualTo(200);

        var retried = web.api("POST", "/api/v1/label-batches/" + id + "/retry", null);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        batch = awaitDone(web, id);
        assertThat(batch.path("batch").path("purchased").asInt()).isEqualTo(200);
        assertThat(batch.path("batch").path("failed").asInt()).isZero();
        assertThat(batch.path("failures")).isEmpty();
        // every order has exactly one label, and the provider sold exactly that many
        assertThat(shop.purchases()).isEqualTo(200);
        // the retry asked again only for the 20 refused ones: no label was asked for twice
        assertThat(shop.buyRequests()).isEqualTo(220);
        // and each of those labels is queued for its tracking push to the marketplace, once
        try (var sql = DatabaseAccess.superuser(context); var statement = sql.createStatement();
             var rows = statement.executeQuery("select count(*), count(distinct shipment_id) from esm.tracking_push"
                     + " where store_id = '" + shop.store() + "'")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(200);
            assertThat(rows.getLong(2)).isEqualTo(200);
        }
        assertThat(web.api("POST", "/api/v1/label-batches/" + id + "/retry", null).status()).isEqualTo(409);

        var items = JSON.readTree(web.get("/api/v1/label-batches/" + id + "/items").body()).path("items");
        List<String> tracking = new ArrayList<>();
        items.forEach(item -> tracking.add(item.path("trackingCode").asString()));
        assertThat(tracking).hasSize(200).doesNotHaveDuplicates().allMatch(code -> code.matches("94\\d{20}"));

        byte[] pdf = bytes(web, "/api/v1/label-batches/" + id + "/labels");
        try (PDDocument merged = Loader.loadPDF(pdf)) {
            assertThat(merged.getNumberOfPages()).isEqualTo(200);
            for (PDPage page : merged.getPages()) {
                assertThat(page.getMediaBox().getWidth()).isEqualTo(288f);
                assertThat(page.getMediaBox().getHeight()).isEqualTo(432f);
            }
        }
    }

    @Test
    void anotherOperatorCannotSeeTheBatchItsItemsOrItsLabels() throws Exception {
        Shop victim = shipping.shop("Batch Victim", 3);
        victim.as(() -> {
            settings.setDefaults(victim.store(), new DefaultsCommand("Priority", LabelFormat.PDF), "test");
            return null;
        });
        WebClient owner = browser();
        owner.signIn(victim.owner().email(), victim.owner().password());
        var created = owner.api("POST", "/api/v1/label-batches", "{\"orderIds\":[\"" + victim.orders().get(0)
                + "\",\"" + victim.orders().get(1) + "\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asString();
        awaitDone(owner, id);
        assertThat(victim.purchases()).isEqualTo(2);

        Shop intruder = shipping.shop("Batch Intruder", 1);
        WebClient web = browser();
        web.signIn(intruder.owner().email(), intruder.owner().password());
        for (String path : List.of("/api/v1/label-batches/" + id, "/api/v1/label-batches/" + id + "/items",
                "/api/v1/label-batches/" + id + "/labels", "/api/v1/label-batches/" + id + "/live",
                "/label-batches/" + id, "/label-batches/" + id + "/labels.pdf",
                "/api/v1/label-batches/" + UUID.randomUUID(), "/api/v1/label-batches/not-an-id")) {
            var response = web.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
        }
        assertThat(web.api("POST", "/api/v1/label-batches/" + id + "/retry", null).status()).isEqualTo(404);
        assertThat(web.api("GET", "/api/v1/label-batches", null).body()).doesNotContain(id);
        // nor can it start a batch on the victim's orders
        var planted = web.api("POST", "/api/v1/label-batches", "{\"orderIds\":[\"" + victim.orders().get(2) + "\"]}");
        assertThat(planted.status()).isEqualTo(404);
        assertThat(planted.header("Content-Type")).contains("application/problem+json");
        assertThat(victim.purchases()).isEqualTo(2);
    }

    @Test
    void theOrdersPageStartsABatchWhosePageShowsTheFailureRetryAndDownload() throws Exception {
        Shop shop = shipping.shop("Batch Page Seller", 4);
        shop.as(() -> {
            settings.setDefaults(shop.store(), new DefaultsCommand("Express", LabelFormat.PDF), "test");
            return null;
        });
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        var orders = web.get("/orders?store=" + shop.store());
        assertThat(orders.body()).contains("name=\"orderId\"", "id=\"batch-selected\"", "id=\"batch-all-matching\"")
                .contains("name=\"store\" value=\"" + shop.store() + "\"");

        var all = web.post("/label-batches/new", java.util.Map.of("all", "true", "store", shop.store().toString()));
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("id=\"batch-order-count\">4<", "Express", "Warehouse", "Small box");

        var confirm = web.post("/label-batches/new", java.util.Map.of("orderId", shop.orders().get(0).toString()));
        assertThat(confirm.body()).contains("id=\"batch-order-count\">1<");
        TestSandbox.easypost().rejectEveryNthBuy(1);
        String id;
        try {
            var started = web.post("/label-batches", java.util.Map.of("orderId", shop.orders().get(0).toString(),
                    "shipFrom-" + shop.store(), shop.shipFrom().toString(), "package-" + shop.store(),
                    shop.box().toString()));
            assertThat(started.status()).isEqualTo(302);
            id = started.header("Location").replaceAll(".*/label-batches/", "");
            awaitDone(web, id);
        } finally {
            TestSandbox.easypost().rejectEveryNthBuy(0);
        }
        var page = web.get("/label-batches/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"batch-bar\"", "data-stream=\"/api/v1/label-batches/" + id + "/live\"",
                "SHIPMENT.POSTAGE.FAILURE", "id=\"retry-failed\"").doesNotContain("id=\"download-labels\"");
        assertThat(web.post("/label-batches/" + id + "/retry", java.util.Map.of()).status()).isEqualTo(302);
        awaitDone(web, id);
        page = web.get("/label-batches/" + id);
        assertThat(page.body()).contains("id=\"download-labels\"").doesNotContain("SHIPMENT.POSTAGE.FAILURE");
        try (PDDocument pdf = Loader.loadPDF(bytes(web, "/label-batches/" + id + "/labels.pdf"))) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(1);
        }
        assertThat(web.get("/label-batches").body()).contains("/label-batches/" + id);
        assertThat(shop.purchases()).isEqualTo(1);
    }

    @Test
    void anItemOfADeadNodeIsTakenOverWhenItsLeaseEndsAndItsBoughtLabelIsNotBoughtAgain() throws Exception {
        Shop shop = shipping.shop("Batch Takeover Seller", 3);
        TestSandbox.easypost().honourRebuys(true);
        shop.as(() -> {
            settings.setDefaults(shop.store(), new DefaultsCommand("GroundAdvantage", LabelFormat.PDF), "test");
            return null;
        });
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        String id = JSON.readTree(web.api("POST", "/api/v1/label-batches", "{\"filter\":{\"store\":\"" + shop.store()
                + "\"}}").body()).path("id").asString();
        awaitDone(web, id);
        assertThat(shop.purchases()).isEqualTo(3);
        // a node claimed item 2 after buying its label, then died before recording it: a stale claim, no shipment
        try (var sql = DatabaseAccess.superuser(context); var statement = sql.createStatement()) {
            statement.executeUpdate("update esm.label_batch_item set state = 'WORKING', shipment_id = null "
                    + "where batch_id = '" + id + "' and position = 2");
            statement.executeUpdate("update esm.label_batch set state = 'RUNNING', finished_at = null where id = '"
                    + id + "'");
            // the item's job: claimed by the dead node, which marked the buy as maybe sent; its lease ran out
            assertThat(statement.executeUpdate("update esm.job set state = 'RUNNING', claimed_by = 'dead-node', "
                    + "lease_until = now() - interval '1 second', maybe_sent = true, sent_at = now(), "
                    + "finished_at = null where kind = 'label-batch-item' and subject = (select i.id from "
                    + "esm.label_batch_item i where i.batch_id = '" + id + "' and i.position = 2)")).isEqualTo(1);
        }
        JsonNode done = awaitDone(web, id);
        assertThat(done.path("batch").path("purchased").asInt()).isEqualTo(3);
        var items = JSON.readTree(web.get("/api/v1/label-batches/" + id + "/items").body()).path("items");
        assertThat(items.get(1).path("state").asString()).isEqualTo("PURCHASED");
        assertThat(items.get(1).path("trackingCode").asString()).matches("94\\d{20}");
        assertThat(items.get(1).path("attempts").asInt()).isEqualTo(2);
        assertThat(shop.purchases()).isEqualTo(3);
        // the takeover read the label back; it never asked the provider to buy item 2 again
        assertThat(shop.buyRequests()).isEqualTo(3);
    }

    private JsonNode awaitDone(WebClient web, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            var response = web.get("/api/v1/label-batches/" + id);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode details = JSON.readTree(response.body());
            if (details.path("batch").path("state").asString().equals("DONE")) {
                return details;
            }
            assertThat(System.nanoTime()).as("batch finished in time: " + response.body()).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private byte[] bytes(WebClient web, String path) throws Exception {
        String cookie = web.cookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .reduce((a, b) -> a + "; " + b).orElse("");
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        return response.body();
    }
}
