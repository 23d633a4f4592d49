package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.esm.IntegrationTest;
import dev.esm.WebClient;
import dev.esm.orders.OrderQueries;
import dev.esm.shipping.LabelBatchViews.BatchResult;
import dev.esm.shipping.LabelBatchViews.PostageEstimate;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.shipping.spi.LabelFormat;
import dev.esm.shipping.spi.Rate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A batch's postage: estimated before it starts from the store's recent labels, totalled from what was bought. */
class BatchPostageIntegrationTests extends IntegrationTest {

    @Autowired
    TestShipping shipping;
    @Autowired
    ShippingSettings settings;
    @Autowired
    RateOrder rateOrder;
    @Autowired
    BuyLabel buyLabel;
    @Autowired
    PostageEstimates estimates;
    @Autowired
    LabelBatches batches;
    @Autowired
    OrderQueries orders;

    @Test
    void theEstimateIsTheStoresRecentAverageTimesTheOrdersAndTheResultTotalsWhatWasBought() throws Exception {
        Shop shop = shipping.shop("Postage Seller", 5);
        Shop fresh = shipping.shop("Postage Newcomer", 1);
        for (Shop s : List.of(shop, fresh)) {
            s.as(() -> {
                settings.setDefaults(s.store(), new DefaultsCommand("GroundAdvantage", LabelFormat.PDF), "test");
                return null;
            });
        }
        // two labels bought one by one: the store's history of Ground Advantage labels
        BigDecimal paid = BigDecimal.ZERO;
        for (UUID order : shop.orders().subList(0, 2)) {
            var rated = shop.as(() -> rateOrder.rate(order, new RatesCommand(shop.shipFrom(), shop.box()), "test"));
            Rate ground = rated.rates().stream().filter(r -> r.service().equals("GroundAdvantage")).findFirst()
                    .orElseThrow();
            paid = paid.add(shop.as(() -> buyLabel.buy(order, new BuyCommand(ground.id()))).amount());
        }
        BigDecimal average = paid.divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
        List<UUID> toBuy = shop.orders().subList(2, 5);

        PostageEstimate estimate = shop.as(() -> estimates.estimate(toBuy));
        assertThat(estimate.stores()).hasSize(1);
        assertThat(estimate.stores().get(0).perLabel()).isEqualByComparingTo(average);
        assertThat(estimate.stores().get(0).basis()).isEqualTo(2);
        assertThat(estimate.total()).isEqualByComparingTo(average.multiply(BigDecimal.valueOf(3)));
        assertThat(estimate.estimated()).isEqualTo(3);
        assertThat(estimate.unestimated()).isZero();
        // a store with no label yet has no estimate rather than a made-up one
        PostageEstimate none = fresh.as(() -> estimates.estimate(List.of(fresh.orders().get(0))));
        assertThat(none.estimated()).isZero();
        assertThat(none.unestimated()).isEqualTo(1);
        assertThat(none.stores().get(0).perLabel()).isNull();

        UUID batchId = shop.as(() -> batches.start(new LabelBatchCommand(toBuy, null), "test")).id();
        BatchResult result = awaitDone(shop, batchId);
        assertThat(result.items()).hasSize(3).allSatisfy(item -> {
            assertThat(item.state()).isEqualTo("PURCHASED");
            assertThat(item.trackingCode()).matches("94\\d{20}");
            assertThat(item.amount()).isPositive();
            assertThat(item.serviceName()).isEqualTo("USPS Ground Advantage");
        });
        BigDecimal bought = result.items().stream().map(LabelBatchViews.Item::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(result.postage()).containsOnlyKeys("USD");
        assertThat(result.postage().get("USD")).isEqualByComparingTo(bought);
        assertThat(shop.purchases()).isEqualTo(5);

        // the result page lists every order with its tracking and cost, and the total postage
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        String page = web.get("/label-batches/" + batchId).body();
        assertThat(page).contains("id=\"batch-postage\"", LabelPanels.money(bought, "USD"));
        result.items().forEach(item -> assertThat(page).contains(item.trackingCode(), item.marketplaceOrderId(),
                LabelPanels.money(item.amount(), "USD")));
        // one PDF of packing slips, a 4x6 page per order with its ship-to, in the labels' order
        byte[] slips = bytes(web, "/label-batches/" + batchId + "/packing-slips.pdf");
        try (PDDocument pdf = Loader.loadPDF(slips)) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(3);
            assertThat(pdf.getPage(0).getMediaBox().getWidth()).isEqualTo(288f);
            for (int i = 0; i < 3; i++) {
                UUID order = result.items().get(i).orderId();
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setStartPage(i + 1);
                stripper.setEndPage(i + 1);
                String text = stripper.getText(pdf);
                var buyer = shop.as(() -> orders.buyerForLabel(order, "test"));
                assertThat(text).contains(result.items().get(i).marketplaceOrderId(), "Ship to", buyer.address1());
            }
        }
        byte[] letter = bytes(web, "/label-batches/" + batchId + "/packing-slips.pdf?size=letter");
        try (PDDocument pdf = Loader.loadPDF(letter)) {
            assertThat(pdf.getPage(0).getMediaBox().getWidth()).isEqualTo(612f);
        }
    }

    private BatchResult awaitDone(Shop shop, UUID batchId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            BatchResult result = shop.as(() -> batches.result(batchId));
            if (result.batch().finished()) {
                return result;
            }
            assertThat(System.nanoTime()).as("batch finished in time").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private byte[] bytes(WebClient web, String path) throws Exception {
        String cookie = web.cookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .reduce((a, b) -> a + "; " + b).orElse("");
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .header("Cookie", cookie).GET().build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
