package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import dev.esm.IntegrationTest;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.orders.OrderQueries;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.shipping.spi.Rate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** One order's label through the real server, database and EasyPost simulator: rates, buy, files, void, API errors. */
class ShippingLabelIntegrationTests extends IntegrationTest {

    @Autowired
    TestShipping shipping;
    @Autowired
    RateOrder rateOrder;
    @Autowired
    BuyLabel buyLabel;
    @Autowired
    VoidLabel voidLabel;
    @Autowired
    ShipmentQueries shipments;
    @Autowired
    OrderQueries orders;

    @Test
    void ratesBuysStoresTheLabelVoidsAndLabelsThePackageAgain() throws Exception {
        Shop shop = shipping.shop("Label Seller", 3);
        UUID order = shop.orders().get(0);
        Shipment rated = shop.as(() -> rateOrder.rate(order, new RatesCommand(shop.shipFrom(), shop.box()), "test"));
        assertThat(rated.state()).isEqualTo(State.RATED);
        // the provider knows the shipment by the order number (printed on the label), not an internal id
        String orderNumber = shop.purchaseOrderId(orders, order);
        assertThat(rated.reference()).isEqualTo(orderNumber);
        assertThat(TestSandbox.easypost().account(shop.apiKey()).orElseThrow().shipmentIdsWithReference(orderNumber))
                .hasSize(1);
        assertThat(rated.rates()).extracting(Rate::service).contains("GroundAdvantage", "Priority", "Express");

        Rate ground = rated.rates().stream().filter(r -> r.service().equals("GroundAdvantage")).findFirst().orElseThrow();
        Shipment bought = shop.as(() -> buyLabel.buy(order, new BuyCommand(ground.id())));
        assertThat(bought.state()).isEqualTo(State.PURCHASED);
        assertThat(bought.trackingCode()).matches("94\\d{20}");
        assertThat(bought.amount()).isEqualByComparingTo(ground.amount());
        assertThat(bought.labelStored()).isTrue();
        assertThat(shop.purchases()).isEqualTo(1);

        byte[] label = shop.as(() -> shipments.labelOfOrder(order)).content();
        try (PDDocument pdf = Loader.loadPDF(label)) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(1);
            assertThat(pdf.getPage(0).getMediaBox().getWidth()).isEqualTo(288f);
            assertThat(pdf.getPage(0).getMediaBox().getHeight()).isEqualTo(432f);
        }
        // a second buy (same or another rate) returns the one label
        assertThat(shop.as(() -> buyLabel.buy(order, new BuyCommand(ground.id()))).trackingCode())
                .isEqualTo(bought.trackingCode());
        assertThatThrownBy(() -> shop.as(() -> rateOrder.rate(order, new RatesCommand(shop.shipFrom(), shop.box()),
                "test"))).isInstanceOfSatisfying(ShippingException.class,
                e -> assertThat(e.code()).isEqualTo("label-exists"));

        Shipment voided = shop.as(() -> voidLabel.voidLabel(order, "test"));
        assertThat(voided.state()).isEqualTo(State.VOIDED);
        assertThat(voided.refundStatus()).isEqualTo("SUBMITTED");
        Shipment again = shop.as(() -> rateOrder.rate(order, new RatesCommand(shop.shipFrom(), shop.box()), "test"));
        assertThat(again.reference()).isEqualTo(orderNumber + " #2");
        assertThat(TestSandbox.easypost().account(shop.apiKey()).orElseThrow()
                .shipmentIdsWithReference(orderNumber + " #2")).hasSize(1);
        assertThat(shop.as(() -> shipments.forOrder(order)).voided()).extracting(Shipment::trackingCode)
                .containsExactly(bought.trackingCode());
        assertThat(shop.purchases()).isEqualTo(1);
    }

    @Test
    void theApiBuysAndServesTheLabelAndAOnePagePackingSlip() throws Exception {
        Shop shop = shipping.shop("Api Seller", 2);
        UUID order = shop.orders().get(0);
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());

        var rates = web.api("POST", "/api/v1/orders/" + order + "/shipment/rates",
                "{\"shipFromId\":\"" + shop.shipFrom() + "\",\"packageId\":\"" + shop.box() + "\"}");
        assertThat(rates.status()).isEqualTo(200);
        String rateId = rates.body().replaceAll("(?s).*?\"id\":\"(rate_[0-9a-f]+)\".*", "$1");
        var bought = web.api("POST", "/api/v1/orders/" + order + "/shipment/buy", "{\"rateId\":\"" + rateId + "\"}");
        assertThat(bought.status()).isEqualTo(200);
        assertThat(bought.body()).contains("\"state\":\"PURCHASED\"").doesNotContain(shop.apiKey());

        var label = web.get("/api/v1/orders/" + order + "/shipment/label");
        assertThat(label.status()).isEqualTo(200);
        assertThat(label.header("Content-Type")).startsWith("application/pdf");

        var slip = web.get("/api/v1/orders/" + order + "/packing-slip");
        assertThat(slip.status()).isEqualTo(200);
        assertThat(slip.header("Content-Type")).startsWith("application/pdf");
        byte[] slipBytes = slipBytes(web, order);
        try (PDDocument pdf = Loader.loadPDF(slipBytes)) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(1);
            String text = new PDFTextStripper().getText(pdf);
            var details = shop.as(() -> orders.get(order));
            assertThat(text).contains("Packing slip", "SKU", "Qty", details.summary().marketplaceOrderId());
            details.lines().forEach(line -> assertThat(text).contains(line.sku()));
            // the ship-to, decrypted for the slip only: the buyer's name and street as the label has them
            var buyer = shop.as(() -> orders.buyerForLabel(order, "test"));
            assertThat(text).contains("Ship to", buyer.name(), buyer.address1(), buyer.city() + ", " + buyer.state());
            // 4x6 by default, for the label printer
            assertThat(pdf.getPage(0).getMediaBox().getWidth()).isEqualTo(288f);
            assertThat(pdf.getPage(0).getMediaBox().getHeight()).isEqualTo(432f);
        }
        var letter = web.get("/api/v1/orders/" + order + "/packing-slip?size=letter");
        assertThat(letter.status()).isEqualTo(200);
    }

    @Test
    void providerRefusalsReachTheOperatorInTheProvidersWordsAsProblemJson() {
        Shop shop = shipping.shop("Problem Seller", 1);
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        var undeliverable = web.api("POST", "/api/v1/stores/" + shop.store() + "/shipping/addresses",
                "{\"label\":\"Nowhere\",\"name\":\"X\",\"street1\":\"Undeliverable Road\",\"city\":\"Austin\","
                        + "\"state\":\"TX\",\"zip\":\"78701\"}");
        assertThat(undeliverable.status()).isEqualTo(422);
        assertThat(undeliverable.header("Content-Type")).contains("application/problem+json");
        assertThat(undeliverable.body()).contains("\"code\":\"address-not-deliverable\"", "Address not found");

        var badKey = web.api("PUT", "/api/v1/stores/" + shop.store() + "/shipping/api-key",
                "{\"apiKey\":\"EZTKwrong-key\"}");
        assertThat(badKey.status()).isEqualTo(422);
        assertThat(badKey.body()).contains("provider-key-refused", "APIKEY.INACTIVE").doesNotContain("EZTKwrong-key");

        var noRates = web.api("POST", "/api/v1/orders/" + shop.orders().get(0) + "/shipment/buy",
                "{\"rateId\":\"rate_123\"}");
        assertThat(noRates.status()).isEqualTo(409);
        assertThat(noRates.body()).contains("\"code\":\"no-rates\"");
        var settings = web.get("/api/v1/stores/" + shop.store() + "/shipping");
        assertThat(settings.body()).contains("\"apiKeySet\":true").doesNotContain(shop.apiKey());
        assertThat(TestSandbox.easypost().purchases(shop.apiKey())).isZero();
    }

    private byte[] slipBytes(WebClient web, UUID order) {
        var cookies = web.cookies();
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                    + "/orders/" + order + "/packing-slip")).header("Cookie", cookies.stream()
                    .map(c -> c.getName() + "=" + c.getValue()).reduce((a, b) -> a + "; " + b).orElse("")).GET().build();
            return java.net.http.HttpClient.newHttpClient().send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
