package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.ebay.EbayOrder;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.ebay.EbaySimulator;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;
import dev.esm.orders.internal.SyncOrders;

/** Order sync from the eBay simulator into the real database, through the real connector and a consented store. */
@ExtendWith(OutputCaptureExtension.class)
class EbayOrderSyncIntegrationTests extends IntegrationTest {

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    OrderQueries queries;

    private final EbaySimulator ebay = TestSandbox.ebay();

    @Test
    void syncBringsEveryOrderOnceARepeatChangesNothingAndNoBuyerDataIsLogged(CapturedOutput output) {
        Seller seller = seller(150);
        SyncRun first = sync(seller);
        assertThat(first.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(first.ordersChanged()).isEqualTo(150);
        List<String> stored = storedIds(seller);
        assertThat(stored).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(seller.ebay().orderIds());

        SyncRun again = sync(seller);
        assertThat(again.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(again.ordersChanged()).isZero();
        assertThat(storedIds(seller)).hasSize(150);

        Set<String> secrets = new HashSet<>();
        for (String id : seller.ebay().orderIds()) {
            EbayOrder order = seller.ebay().order(id).orElseThrow();
            secrets.add(order.shipTo().fullName());
            secrets.add(order.shipTo().phone());
            secrets.add(order.shipTo().address1());
            secrets.add(order.email());
        }
        secrets.add(seller.refreshToken());
        secrets.add(TestSandbox.EBAY_CLIENT_SECRET);
        String logs = output.getAll();
        assertThat(logs).contains("Sync of store " + seller.store());
        for (String secret : secrets) {
            assertThat(logs).doesNotContain(secret);
        }
    }

    @Test
    void changesAtEbayArriveWithTheNextSync() {
        Seller seller = seller(60);
        sync(seller);
        EbaySeller.TickResult tick = seller.ebay().tick(4, 5);
        SyncRun next = sync(seller);
        assertThat(next.ordersChanged()).isGreaterThanOrEqualTo(tick.created().size() + tick.changed().size());
        assertThat(storedIds(seller)).hasSize(64);
        for (String changed : tick.changed()) {
            EbayOrder order = seller.ebay().order(changed).orElseThrow();
            var stored = ActingOperator.runAs(seller.owner().id(), () -> queries.list(new OrderFilter(seller.store(),
                    null, null, null, null, false, false, changed, 5, null)));
            String expected = order.cancelState() == EbayOrder.Cancel.CANCELED ? "CANCELED"
                    : order.fulfillmentStatus() == EbayOrder.Fulfillment.FULFILLED ? "FULFILLED"
                    : order.cancelState() == EbayOrder.Cancel.IN_PROGRESS ? "CANCEL_REQUESTED"
                    : order.fulfillmentStatus() == EbayOrder.Fulfillment.IN_PROGRESS ? "IN_PROGRESS"
                    : order.paymentStatus() == EbayOrder.Payment.PENDING ? "PENDING"
                    : order.paymentHeld() ? "HELD" : order.fulfillmentStatus().name();
            assertThat(stored.items()).singleElement().satisfies(summary -> assertThat(summary.marketplaceStatus())
                    .isEqualTo(expected));
        }
    }

    @Test
    void withSomeRequestsFailingTheSyncStillCompletesCompleteAndCorrect() {
        Seller seller = seller(600);
        ebay.faults().reseed(17).setServerErrorShare(0.15).setMalformedShare(0.05);
        SyncRun run;
        try {
            run = sync(seller);
        } finally {
            ebay.faults().reset();
        }
        assertThat(run.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(run.retries()).isPositive();
        assertThat(storedIds(seller)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(seller.ebay().orderIds());
    }

    @Test
    void withdrawnConsentMarksTheStoreForReconnection() {
        Seller seller = seller(10);
        ebay.revokeTokens(seller.ebay());
        SyncRun run = sync(seller);
        assertThat(run.outcome()).isEqualTo(SyncRun.Outcome.NEEDS_RECONNECT);
        assertThat(run.error()).contains("reconnect the store").doesNotContain(seller.refreshToken());
    }

    private record Seller(TestOperator owner, UUID store, EbaySeller ebay, String refreshToken) {
    }

    /** A seller with orders at eBay who consented to ESM on the consent page; its store holds the refresh token. */
    private Seller seller(int orders) {
        TestOperator owner = operators.create("eBay Seller");
        EbaySeller ebaySeller = ebay.registerSeller("esm_" + UUID.randomUUID().toString().substring(0, 8));
        ebaySeller.generateOrders(orders, Duration.ofDays(10));
        String refreshToken = consent(ebaySeller);
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.EBAY, "eBay " + orders,
                new StoreCredentials.Ebay(refreshToken), "test").id());
        return new Seller(owner, store, ebaySeller, refreshToken);
    }

    /** Agree on the consent page, then exchange the code the redirect carries for a refresh token. */
    private String consent(EbaySeller seller) {
        HttpClient http = HttpClient.newHttpClient();
        String form = "client_id=" + encode(TestSandbox.EBAY_CLIENT_ID) + "&redirect_uri="
                + encode(TestSandbox.EBAY_RU_NAME) + "&scope=" + encode(EbaySimulator.SCOPE_FULFILLMENT)
                + "&state=s1&username=" + encode(seller.username()) + "&decision=agree";
        HttpResponse<String> agreed = send(http, HttpRequest.newBuilder(URI.create(ebay.baseUrl() + "/oauth2/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        String location = agreed.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(TestSandbox.EBAY_ACCEPT_URL);
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

    private SyncRun sync(Seller seller) {
        return ActingOperator.runAs(seller.owner().id(), () -> syncOrders.sync(seller.store()).recorded().orElseThrow());
    }

    private List<String> storedIds(Seller seller) {
        return ActingOperator.runAs(seller.owner().id(), () -> {
            List<String> ids = new ArrayList<>();
            String after = null;
            do {
                String cursor = after;
                var page = queries.list(new OrderFilter(seller.store(), null, null, null, null, false, false, null,
                        OrderFilter.MAX_LIMIT, cursor));
                page.items().forEach(item -> ids.add(item.marketplaceOrderId()));
                after = page.next();
            } while (after != null);
            return ids;
        });
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
