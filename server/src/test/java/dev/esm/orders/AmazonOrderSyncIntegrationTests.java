package dev.esm.orders;

import dev.esm.shared.FulfilledBy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.amazon.AmazonApp;
import dev.esm.sandbox.amazon.AmazonOrder;
import dev.esm.sandbox.amazon.AmazonOrderItem;
import dev.esm.sandbox.amazon.AmazonSeller;
import dev.esm.sandbox.amazon.AmazonSimulator;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;
import dev.esm.orders.internal.SyncOrders;

/**
 * Order sync from the Amazon SP-API simulator into the real database, through the real connector, for a store whose
 * refresh token came out of the simulator's website-authorization (consent) flow.
 */
@ExtendWith(OutputCaptureExtension.class)
class AmazonOrderSyncIntegrationTests extends IntegrationTest {

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    OrderQueries queries;

    private final AmazonSimulator amazon = TestSandbox.amazon();

    @Test
    void syncBringsEveryOrderOnceARepeatChangesNothingAndLogsNoBuyerData(CapturedOutput output) {
        Seller seller = seller(150);
        SyncRun first = sync(seller);
        assertThat(first.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(first.ordersChanged()).isEqualTo(150);
        List<String> stored = storedIds(seller);
        assertThat(stored).hasSize(150).containsExactlyInAnyOrderElementsOf(seller.amazon().orderIds());

        SyncRun again = sync(seller);
        assertThat(again.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(again.ordersChanged()).isZero();
        assertThat(storedIds(seller)).hasSize(150);

        Set<String> secrets = new HashSet<>();
        for (AmazonOrder order : seller.amazon().orders()) {
            secrets.add(order.buyer().fullName());
            secrets.add(order.buyer().address1());
            secrets.add(order.buyer().phone());
            secrets.add(order.phone());
            secrets.add(order.buyerEmail());
        }
        secrets.add(seller.refreshToken());
        secrets.add(amazon.app().clientSecret());
        String logs = output.getAll();
        assertThat(logs).contains("Sync of store " + seller.store());
        for (String secret : secrets) {
            assertThat(logs).doesNotContain(secret);
        }
        assertThat(logs).doesNotContain("Atza|").doesNotContain("Atzr|");
    }

    @Test
    void changesAtTheMarketplaceArriveWithTheNextSync() {
        Seller seller = seller(60);
        sync(seller);
        AmazonSeller.TickResult tick = seller.amazon().tick(4, 5);
        SyncRun next = sync(seller);
        assertThat(next.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(next.ordersChanged()).isGreaterThanOrEqualTo(4 + tick.changed().size());
        assertThat(storedIds(seller)).hasSize(64);
        for (String changed : tick.changed()) {
            AmazonOrder order = seller.amazon().order(changed).orElseThrow();
            var page = ActingOperator.runAs(seller.owner().id(), () -> queries.list(new OrderFilter(seller.store(),
                    null, null, null, null, false, false, changed, 5, null)));
            assertThat(page.items()).singleElement().satisfies(summary -> assertThat(summary.marketplaceStatus())
                    .isEqualTo(order.status().wire()));
        }
    }

    @Test
    void storedAmountsRecomputeTheMarketplaceTotalsToTheCentAndTheDetailsReachApiAndPage() {
        Seller seller = seller(120);
        assertThat(sync(seller).outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        int threeDecimalLines = 0;
        int derivedLines = 0;
        OrderViews.OrderDetails fba = null;
        for (AmazonOrder held : seller.amazon().orders()) {
            var page = ActingOperator.runAs(seller.owner().id(), () -> queries.list(new OrderFilter(seller.store(),
                    null, null, null, null, false, false, held.orderId(), 5, null)));
            UUID id = page.items().get(0).id();
            OrderViews.OrderDetails stored = ActingOperator.runAs(seller.owner().id(), () -> queries.get(id));
            BigDecimal linesTotal = BigDecimal.ZERO;
            for (int i = 0; i < held.items().size(); i++) {
                AmazonOrderItem item = held.items().get(i);
                OrderViews.Line line = stored.lines().stream()
                        .filter(l -> l.lineNumber().equals(item.orderItemId())).findFirst().orElseThrow();
                // the unit price as stored, times the quantity, is what the line sold for: to the cent, not 2 x 22.50
                BigDecimal lineTotal = line.unitPrice().multiply(BigDecimal.valueOf(line.quantity()));
                assertThat(lineTotal).isEqualByComparingTo(BigDecimal.valueOf(item.lineCents(), 2));
                assertThat(line.charges().itemSubtotal()).isEqualByComparingTo(lineTotal);
                assertThat(line.unitPriceDerived()).isEqualTo(!item.unitPriceSent());
                threeDecimalLines += line.unitPrice().scale() == 3 ? 1 : 0;
                derivedLines += line.unitPriceDerived() ? 1 : 0;
                linesTotal = linesTotal.add(lineTotal).add(line.charges().marketplaceTax());
            }
            OrderViews.OrderSummary summary = stored.summary();
            assertThat(linesTotal).isEqualByComparingTo(summary.total());
            assertThat(summary.total()).isEqualByComparingTo(held.grandTotal());
            OrderViews.Charges c = summary.charges();
            assertThat(c.itemSubtotal().add(c.marketplaceTax())).isEqualByComparingTo(summary.total());
            assertThat(summary.fulfilledBy()).isEqualTo(held.extras().fulfilledByAmazon() ? FulfilledBy.MARKETPLACE
                    : FulfilledBy.SELLER);
            assertThat(summary.deliverBy()).isEqualTo(held.latestDelivery());
            assertThat(summary.requestedService()).isEqualTo(held.serviceLevel());
            if (summary.fulfilledBy() == FulfilledBy.MARKETPLACE) {
                assertThat(summary.late()).isFalse(); // Amazon ships it: never the seller's to be late with
                fba = stored;
            }
        }
        assertThat(threeDecimalLines).isPositive();
        assertThat(derivedLines).isPositive();
        assertThat(fba).isNotNull();

        WebClient web = browser();
        web.signIn(seller.owner().email(), seller.owner().password());
        String api = web.api("GET", "/api/v1/orders/" + fba.summary().id(), null).body();
        assertThat(api).contains("\"fulfilledBy\":\"MARKETPLACE\"").contains("\"deliverBy\":")
                .contains("\"requestedService\":\"" + fba.summary().requestedService() + "\"")
                .contains("\"marketplaceTax\":").contains("\"unitPriceDerived\":");
        assertThat(web.api("GET", "/api/v1/orders?store=" + seller.store(), null).body())
                .contains("\"fulfilledBy\":\"MARKETPLACE\"");
        assertThat(web.get("/orders/" + fba.summary().id()).body()).contains("the marketplace (do not ship)")
                .contains(fba.summary().requestedService()).contains("not your revenue");
    }

    @Test
    void aWithdrawnAuthorizationMarksTheStoreForReconnection() {
        Seller seller = seller(10);
        assertThat(sync(seller).outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        amazon.revokeAuthorization(seller.amazon());
        SyncRun run = sync(seller);
        assertThat(run.outcome()).isEqualTo(SyncRun.Outcome.NEEDS_RECONNECT);
        assertThat(run.error()).contains("invalid_grant").doesNotContain(seller.refreshToken());
    }

    private record Seller(TestOperator owner, UUID store, AmazonSeller amazon, String refreshToken) {
    }

    private Seller seller(int orders) {
        TestOperator owner = operators.create("Amazon Seller");
        AmazonSeller amazonSeller = amazon.registerSeller().generateOrders(orders, Duration.ofDays(10));
        String refreshToken = authorizeThroughConsentPage(amazonSeller);
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.AMAZON, "Amazon " + orders,
                new StoreCredentials.Amazon(amazonSeller.sellingPartnerId(), refreshToken), "test").id());
        return new Seller(owner, store, amazonSeller, refreshToken);
    }

    /** What a browser and ESM's callback would do: consent page, Authorize, code exchange at LWA. */
    private String authorizeThroughConsentPage(AmazonSeller seller) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        AmazonApp app = amazon.app();
        String state = UUID.randomUUID().toString();
        assertThat(send(http, HttpRequest.newBuilder(URI.create(amazon.consentUrl(state))).GET().build())
                .statusCode()).isEqualTo(200);
        HttpResponse<String> redirect = send(http, HttpRequest.newBuilder(URI.create(amazon.baseUrl()
                        + AmazonSimulator.CONSENT_PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("application_id=" + encode(app.applicationId()) + "&state="
                        + state + "&selling_partner_id=" + seller.sellingPartnerId())).build());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(app.redirectUri()).contains("state=" + state)
                .contains("selling_partner_id=" + seller.sellingPartnerId());
        Matcher code = Pattern.compile("spapi_oauth_code=([^&]+)").matcher(location);
        assertThat(code.find()).isTrue();
        HttpResponse<String> token = send(http, HttpRequest.newBuilder(URI.create(amazon.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code.group(1)
                        + "&redirect_uri=" + encode(app.redirectUri()) + "&client_id=" + encode(app.clientId())
                        + "&client_secret=" + encode(app.clientSecret()))).build());
        assertThat(token.statusCode()).isEqualTo(200);
        Matcher refresh = Pattern.compile("\"refresh_token\":\"([^\"]+)\"").matcher(token.body());
        assertThat(refresh.find()).isTrue();
        return refresh.group(1);
    }

    private SyncRun sync(Seller seller) {
        return ActingOperator.runAs(seller.owner().id(), () -> syncOrders.sync(seller.store()).recorded().orElseThrow());
    }

    private List<String> storedIds(Seller seller) {
        return TestOrders.marketplaceIds(queries, seller.owner().id(), seller.store());
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
