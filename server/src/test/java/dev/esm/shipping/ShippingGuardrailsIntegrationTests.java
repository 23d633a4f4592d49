package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.shared.FulfilledBy;
import dev.esm.orders.OrderFilter;
import dev.esm.orders.OrderQueries;
import dev.esm.shared.OrderStatus;
import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.easypost.EasyPostSimulator;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.ebay.EbaySimulator;
import dev.esm.shared.Marketplace;
import dev.esm.shipping.ShippingCommands.PackageCommand;
import dev.esm.shipping.ShippingCommands.ShipFromCommand;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Guardrails (ADR 0019) through the real server, database, marketplace simulators and EasyPost simulator: no rate and
 * no label for orders that must not be shipped (409 with a code on the API, a plain message on the page, and not one
 * request at the provider), batches that skip them with the reason, and a deliberate, recorded reshipment.
 */
class ShippingGuardrailsIntegrationTests extends IntegrationTest {

    @Autowired
    TestShipping shipping;
    @Autowired
    OrderQueries orders;
    @Autowired
    TestOperators operators;
    @Autowired
    Stores stores;
    @Autowired
    SyncOrders sync;
    @Autowired
    ShippingSettings settings;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void walmartOrdersThatAreCancelledShippedOrFulfilledByWalmartGetNoRateNoLabelAndNoProviderCall() {
        Shop shop = shipping.shop("Guarded Seller", 60, Duration.ofDays(14));
        List<OrderSummary> all = summaries(shop.owner(), shop.store());
        Map<String, OrderSummary> cases = new LinkedHashMap<>();
        cases.put("order-cancelled", find(all, o -> o.status() == OrderStatus.CANCELLED
                && o.fulfilledBy() == FulfilledBy.SELLER));
        cases.put("order-already-shipped", find(all, o -> (o.status() == OrderStatus.SHIPPED
                || o.status() == OrderStatus.DELIVERED) && o.fulfilledBy() == FulfilledBy.SELLER));
        cases.put("order-fulfilled-by-marketplace", find(all, o -> o.fulfilledBy() == FulfilledBy.MARKETPLACE));
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        cases.forEach((code, order) -> assertRefused(web, shop.apiKey(), shop.shipFrom(), shop.box(), order, code));
    }

    @Test
    void ebayOrdersWithACancelRequestOrAPaymentHoldGetNoRateNoLabelAndNoProviderCall() {
        TestOperator owner = operators.create("eBay Guarded");
        EbaySeller seller = TestSandbox.ebay().registerSeller("esm_" + UUID.randomUUID().toString().substring(0, 8));
        seller.generateOrders(80, Duration.ofDays(1));
        String refreshToken = consent(seller);
        String apiKey = "EZTK" + UUID.randomUUID().toString().replace("-", "");
        TestSandbox.easypost().registerApiKey(apiKey);
        UUID[] ids = ActingOperator.runAs(owner.id(), () -> {
            UUID store = stores.add(Marketplace.EBAY, "eBay guarded", new StoreCredentials.Ebay(refreshToken), "test")
                    .id();
            sync.sync(store);
            settings.setApiKey(store, apiKey, "test");
            UUID shipFrom = settings.addShipFrom(store, new ShipFromCommand("Warehouse", "Shipping Dept", "Goods",
                    "215 Clayton St", null, "San Francisco", "CA", "94117", "US", "4155550100", true), "test").id();
            UUID box = settings.addPackage(store, new PackageCommand("Small box", new BigDecimal("15.4"),
                    new BigDecimal("10"), new BigDecimal("8"), new BigDecimal("4")), "test").id();
            return new UUID[] {store, shipFrom, box};
        });
        List<OrderSummary> all = summaries(owner, ids[0]);
        // eBay holds about one unshipped order in eight and some buyers ask to cancel: more orders until both show
        for (int round = 0; round < 5 && (all.stream().noneMatch(o -> o.status() == OrderStatus.ON_HOLD)
                || all.stream().noneMatch(o -> o.status() == OrderStatus.CANCEL_REQUESTED)); round++) {
            seller.tick(20, 40); // new orders (some held) and moves (some buyers ask to cancel)
            ActingOperator.runAs(owner.id(), () -> sync.sync(ids[0]));
            all = summaries(owner, ids[0]);
        }
        WebClient web = browser();
        web.signIn(owner.email(), owner.password());
        assertRefused(web, apiKey, ids[1], ids[2], find(all, o -> o.status() == OrderStatus.CANCEL_REQUESTED),
                "order-cancel-requested");
        assertRefused(web, apiKey, ids[1], ids[2], find(all, o -> o.status() == OrderStatus.ON_HOLD), "order-on-hold");
    }

    @Test
    void aBatchOverAMixedSelectionSkipsWithTheReasonBeforeItStartsAndBuysOnlyForShippableOrders() throws Exception {
        Shop shop = shipping.shop("Batch Guarded", 60, Duration.ofDays(14));
        shop.as(() -> {
            settings.setDefaults(shop.store(), new ShippingCommands.DefaultsCommand("GroundAdvantage",
                    dev.esm.shipping.spi.LabelFormat.PDF), "test");
            return null;
        });
        List<OrderSummary> all = summaries(shop.owner(), shop.store());
        List<OrderSummary> shippable = all.stream().filter(o -> o.status() == OrderStatus.UNSHIPPED
                && o.fulfilledBy() == FulfilledBy.SELLER).limit(3).toList();
        List<OrderSummary> refused = List.of(
                find(all, o -> o.status() == OrderStatus.CANCELLED && o.fulfilledBy() == FulfilledBy.SELLER),
                find(all, o -> (o.status() == OrderStatus.DELIVERED || o.status() == OrderStatus.SHIPPED)
                        && o.fulfilledBy() == FulfilledBy.SELLER),
                find(all, o -> o.fulfilledBy() == FulfilledBy.MARKETPLACE));
        assertThat(shippable).hasSize(3);
        List<String> selection = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            selection.add(shippable.get(i).id().toString());
            selection.add(refused.get(i).id().toString());
        }
        String body = "{\"orderIds\":[\"" + String.join("\",\"", selection) + "\"]}";
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());

        // before it starts: the confirmation page and the preview say what is bought and what is skipped, and why
        var confirm = web.send(formWithRepeated(web, "/label-batches/new", selection));
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("id=\"batch-order-count\">3<", "id=\"batch-skipped-count\">3<");
        refused.forEach(o -> assertThat(confirm.body()).contains(o.marketplaceOrderId()));
        assertThat(confirm.body()).contains("data-code=\"order-cancelled\"", "data-code=\"order-already-shipped\"",
                "data-code=\"order-fulfilled-by-marketplace\"", "This order is cancelled");
        var preview = web.api("POST", "/api/v1/label-batches/preview", body);
        assertThat(preview.status()).isEqualTo(200);
        shippable.forEach(o -> assertThat(preview.body()).contains(o.id().toString()));
        assertThat(preview.body()).contains("\"code\":\"order-cancelled\"", "\"code\":\"order-already-shipped\"",
                "\"code\":\"order-fulfilled-by-marketplace\"");
        assertThat(shipmentCalls(shop.apiKey())).isZero();

        var started = web.api("POST", "/api/v1/label-batches", body);
        assertThat(started.status()).isEqualTo(201);
        assertThat(started.body()).contains("\"total\":3", "\"code\":\"order-cancelled\"",
                "\"code\":\"order-already-shipped\"", "\"code\":\"order-fulfilled-by-marketplace\"");
        String batchId = started.body().replaceAll("(?s).*?\"id\":\"([0-9a-f-]{36})\".*", "$1");
        long deadline = System.currentTimeMillis() + 60_000;
        String state;
        do {
            Thread.sleep(200);
            state = web.api("GET", "/api/v1/label-batches/" + batchId, null).body();
        } while (!state.contains("\"state\":\"DONE\"") && System.currentTimeMillis() < deadline);
        assertThat(state).contains("\"state\":\"DONE\"", "\"purchased\":3", "\"failed\":0");
        assertThat(account(shop.apiKey()).requests(EasyPostSimulator.OP_SHIPMENT_BUY)).isEqualTo(3);
        assertThat(account(shop.apiKey()).requests(EasyPostSimulator.OP_SHIPMENT_CREATE)).isEqualTo(3);
        assertThat(shop.purchases()).isEqualTo(3);
        var page = web.get("/label-batches/" + batchId);
        assertThat(page.body()).contains("3 orders skipped", refused.get(0).marketplaceOrderId());

        // "all matching orders" without a status: only those awaiting shipment
        var matching = web.api("POST", "/api/v1/label-batches/preview",
                "{\"filter\":{\"store\":\"" + shop.store() + "\"}}");
        assertThat(matching.body()).doesNotContain("\"skipped\":[{");
        refused.forEach(o -> assertThat(matching.body()).doesNotContain(o.id().toString()));
        // with an explicit status the operator chose them: they are listed as skipped, never bought
        var cancelled = web.api("POST", "/api/v1/label-batches", "{\"filter\":{\"store\":\"" + shop.store()
                + "\",\"status\":\"CANCELLED\"}}");
        assertThat(cancelled.status()).isEqualTo(409);
        assertThat(cancelled.body()).contains("\"code\":\"nothing-to-ship\"");
        assertThat(account(shop.apiKey()).requests(EasyPostSimulator.OP_SHIPMENT_BUY)).isEqualTo(3);
    }

    @Test
    void aShippedOrderIsShippedAgainOnlyDeliberatelyWithTheReasonRecorded() throws Exception {
        Shop shop = shipping.shop("Reship Seller", 60, Duration.ofDays(14));
        OrderSummary delivered = find(summaries(shop.owner(), shop.store()),
                o -> (o.status() == OrderStatus.DELIVERED || o.status() == OrderStatus.SHIPPED)
                        && o.fulfilledBy() == FulfilledBy.SELLER);
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        String path = "/api/v1/orders/" + delivered.id() + "/shipment/";
        var noReason = web.api("POST", path + "rates", "{\"shipFromId\":\"" + shop.shipFrom() + "\",\"packageId\":\""
                + shop.box() + "\",\"reship\":true}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("\"code\":\"invalid-reship-reason\"");
        assertThat(shipmentCalls(shop.apiKey())).isZero();

        var page = web.get("/orders/" + delivered.id() + "/shipping");
        assertThat(page.body()).contains("id=\"reship\"", "data-code=\"order-already-shipped\"");
        var rated = web.post("/orders/" + delivered.id() + "/shipping/rates", Map.of("shipFromId",
                shop.shipFrom().toString(), "packageId", shop.box().toString(), "reship", "true",
                "reshipReason", "Replacement for a parcel lost in transit"));
        assertThat(rated.status()).isEqualTo(302);
        var ratedPage = web.get("/orders/" + delivered.id() + "/shipping");
        assertThat(ratedPage.body()).contains("id=\"buy-form\"");
        var shipment = web.api("GET", path.substring(0, path.length() - 1), null);
        String rateId = shipment.body().replaceAll("(?s).*?\"id\":\"(rate_[0-9a-f]+)\".*", "$1");
        var bought = web.api("POST", path + "buy", "{\"rateId\":\"" + rateId + "\"}");
        assertThat(bought.status()).isEqualTo(200);
        assertThat(bought.body()).contains("\"state\":\"PURCHASED\"",
                "\"reshipReason\":\"Replacement for a parcel lost in transit\"");
        assertThat(shop.purchases()).isEqualTo(1);
        assertThat(web.get("/orders/" + delivered.id() + "/shipping").body())
                .contains("Replacement for a parcel lost in transit");
        String shipmentId = bought.body().replaceAll("(?s).*?\"id\":\"([0-9a-f-]{36})\".*", "$1");
        try (var db = dev.esm.platform.database.DatabaseAccess.superuser(context);
             var query = db.prepareStatement("select count(*) from esm.audit_event where actor_id = ? "
                     + "and action = 'shipping.reship-rated' and target = ?")) {
            query.setObject(1, shop.owner().id());
            query.setString(2, "shipment:" + shipmentId);
            try (var rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    // ---- helpers

    private void assertRefused(WebClient web, String apiKey, UUID shipFrom, UUID box, OrderSummary order, String code) {
        var account = account(apiKey);
        long before = account.requests();
        long createsBefore = account.requests(EasyPostSimulator.OP_SHIPMENT_CREATE);
        long buysBefore = account.requests(EasyPostSimulator.OP_SHIPMENT_BUY);
        String path = "/api/v1/orders/" + order.id() + "/shipment/";
        var rates = web.api("POST", path + "rates", "{\"shipFromId\":\"" + shipFrom + "\",\"packageId\":\"" + box
                + "\"}");
        assertThat(rates.status()).as(code).isEqualTo(409);
        assertThat(rates.header("Content-Type")).contains("application/problem+json");
        assertThat(rates.body()).contains("\"code\":\"" + code + "\"");
        var buy = web.api("POST", path + "buy", "{\"rateId\":\"rate_0123456789abcdef\"}");
        assertThat(buy.status()).as(code).isEqualTo(409);
        assertThat(buy.body()).contains("\"code\":\"" + code + "\"");
        // reship is never a way around a cancellation, a hold or the marketplace's own fulfilment
        var reship = web.api("POST", path + "rates", "{\"shipFromId\":\"" + shipFrom + "\",\"packageId\":\"" + box
                + "\",\"reship\":true,\"reshipReason\":\"replacement\"}");
        assertThat(reship.status()).isEqualTo(code.equals("order-already-shipped") ? 200 : 409);
        long reshipCalls = code.equals("order-already-shipped") ? 1 : 0;

        var page = web.get("/orders/" + order.id() + "/shipping");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"shipping-refused\"", "data-code=\"" + code + "\"");
        var posted = web.post("/orders/" + order.id() + "/shipping/rates", Map.of("shipFromId", shipFrom.toString(),
                "packageId", box.toString()));
        assertThat(posted.status()).isEqualTo(302);
        var after = web.get("/orders/" + order.id() + "/shipping");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body()).contains("class=\"flash error\"").doesNotContain("Whitelabel");

        assertThat(account.requests(EasyPostSimulator.OP_SHIPMENT_CREATE) - createsBefore).isEqualTo(reshipCalls);
        assertThat(account.requests(EasyPostSimulator.OP_SHIPMENT_BUY) - buysBefore).isZero();
        assertThat(account.requests() - before).as(code).isEqualTo(reshipCalls);
        if (reshipCalls == 1) {
            // void the replacement's rating for the next cases of the same account: nothing was bought
            assertThat(account.purchases()).isZero();
        }
    }

    private HttpRequest.Builder formWithRepeated(WebClient web, String path, List<String> orderIds) {
        web.get("/orders");
        StringBuilder body = new StringBuilder("_csrf=" + URLEncoder.encode(web.csrf(), StandardCharsets.UTF_8));
        orderIds.forEach(id -> body.append("&orderId=").append(id));
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static dev.esm.sandbox.easypost.EasyPostAccount account(String apiKey) {
        return TestSandbox.easypost().account(apiKey).orElseThrow();
    }

    /** Requests about shipments (rates, buys, rerates, labels) made with the key; address checks are not counted. */
    private static long shipmentCalls(String apiKey) {
        var account = account(apiKey);
        return account.requests(EasyPostSimulator.OP_SHIPMENT_CREATE) + account.requests(EasyPostSimulator.OP_SHIPMENT_BUY)
                + account.requests(EasyPostSimulator.OP_SHIPMENT_RERATE) + account.requests(EasyPostSimulator.OP_SHIPMENT_LABEL);
    }

    private static OrderSummary find(List<OrderSummary> all, Predicate<OrderSummary> which) {
        return all.stream().filter(which).findFirst().orElseThrow(() -> new IllegalStateException(
                "no such order among " + all.size()));
    }

    private List<OrderSummary> summaries(TestOperator owner, UUID store) {
        return ActingOperator.runAs(owner.id(), () -> {
            List<OrderSummary> out = new ArrayList<>();
            String after = null;
            do {
                var page = orders.list(new OrderFilter(store, null, null, null, null, false, false, null,
                        OrderFilter.MAX_LIMIT, after));
                out.addAll(page.items());
                after = page.next();
            } while (after != null);
            return out;
        });
    }

    /** Agree on eBay's consent page, then exchange the code for a refresh token (as EbayOrderSyncIntegrationTests). */
    private String consent(EbaySeller seller) {
        EbaySimulator ebay = TestSandbox.ebay();
        HttpClient http = HttpClient.newHttpClient();
        String form = "client_id=" + encode(TestSandbox.EBAY_CLIENT_ID) + "&redirect_uri="
                + encode(TestSandbox.EBAY_RU_NAME) + "&scope=" + encode(EbaySimulator.SCOPE_FULFILLMENT)
                + "&state=s1&username=" + encode(seller.username()) + "&decision=agree";
        HttpResponse<String> agreed = send(http, HttpRequest.newBuilder(URI.create(ebay.baseUrl() + "/oauth2/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        String location = agreed.headers().firstValue("Location").orElseThrow();
        String code = SandboxRequest.parseQuery(URI.create(location).getRawQuery()).get("code").get(0);
        String basic = java.util.Base64.getEncoder().encodeToString((TestSandbox.EBAY_CLIENT_ID + ":"
                + TestSandbox.EBAY_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tokens = send(http, HttpRequest.newBuilder(URI.create(ebay.tokenUrl()))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + encode(code)
                        + "&redirect_uri=" + encode(TestSandbox.EBAY_RU_NAME))).build());
        assertThat(tokens.statusCode()).isEqualTo(200);
        return Json.parse(tokens.body().getBytes(StandardCharsets.UTF_8)).path("refresh_token").asString();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
