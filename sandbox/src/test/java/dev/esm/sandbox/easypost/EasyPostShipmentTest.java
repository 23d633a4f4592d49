package dev.esm.sandbox.easypost;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static dev.esm.sandbox.easypost.EasyPostHttp.address;
import static dev.esm.sandbox.easypost.EasyPostHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class EasyPostShipmentTest {

    static final String TO_NEAR = address("Jordan Example", "200 Oak Ave", "San Antonio", "TX", "78205");
    static final String TO_FAR = address("Riley Sample", "300 Pine Rd", "Albany", "NY", "12207");

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    private EasyPostSimulator easypost;
    private EasyPostAccount account;
    private EasyPostHttp client;

    @BeforeEach
    void start() {
        easypost = new EasyPostSimulator(clock, 7).start(0);
        account = easypost.registerApiKey("EZTK-shipment-test");
        client = new EasyPostHttp(easypost.baseUrl(), account.apiKey());
    }

    @AfterEach
    void stop() {
        easypost.close();
    }

    @Test
    void aWrongOrMissingKeyGets401InEasyPostsEnvelope() {
        HttpResponse<String> wrong = new EasyPostHttp(easypost.baseUrl(), "EZTK-not-registered")
                .get("/v2/shipments");
        JsonNode error = json(wrong, 401).path("error");
        assertThat(error.path("code").asString()).isEqualTo("APIKEY.INACTIVE");
        assertThat(error.path("message").asString()).isNotBlank();
        assertThat(error.path("errors").isArray()).isTrue();

        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(
                URI.create(easypost.baseUrl() + "/v2/shipments")).GET().build());
        assertThat(json(missing, 401).path("error").path("code").asString()).isEqualTo("APIKEY.REQUIRED");

        // the official Java client sends the key as a Bearer token
        HttpResponse<String> bearer = client.send(HttpRequest.newBuilder(
                URI.create(easypost.baseUrl() + "/v2/shipments")).header("Authorization", "Bearer " + account.apiKey())
                .GET().build());
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.headers().firstValue(EasyPostSimulator.HDR_REQUEST_ID)).isPresent();
    }

    @Test
    void addressesAreVerifiedOrRefusedAsDocumented() {
        JsonNode ok = json(client.post("/v2/addresses",
                "{\"address\":" + address("Avery Tester", "179 n harbor dr", "Redondo Beach", "CA", "90277")
                        + ",\"verify\":true}"), 201);
        assertThat(ok.path("id").asString()).matches("adr_[0-9a-f]{32}");
        assertThat(ok.path("object").asString()).isEqualTo("Address");
        assertThat(ok.path("street1").asString()).isEqualTo("179 N HARBOR DR");
        assertThat(ok.path("zip").asString()).matches("90277-\\d{4}");
        assertThat(ok.path("verifications").path("delivery").path("success").asBoolean()).isTrue();
        assertThat(ok.path("verifications").path("delivery").path("details").path("time_zone").asString())
                .isEqualTo("America/Los_Angeles");

        String bad = address("Avery Tester", "Harbor Drive", "Redondo Beach", "CA", "90277");
        JsonNode soft = json(client.post("/v2/addresses", "{\"address\":" + bad + ",\"verify\":[\"delivery\"]}"), 201);
        JsonNode delivery = soft.path("verifications").path("delivery");
        assertThat(delivery.path("success").asBoolean()).isFalse();
        assertThat(delivery.path("errors").path(0).path("code").asString()).isEqualTo("E.ADDRESS.NOT_FOUND");

        JsonNode strict = json(client.post("/v2/addresses", "{\"address\":" + bad + ",\"verify_strict\":true}"), 422);
        assertThat(strict.path("error").path("code").asString()).isEqualTo("ADDRESS.VERIFY.FAILURE");
        assertThat(strict.path("error").path("errors").path(0).path("field").asString()).isEqualTo("address");

        JsonNode parcel = json(client.post("/v2/parcels",
                "{\"parcel\":{\"length\":10.0,\"width\":8.0,\"height\":4.0,\"weight\":15.4}}"), 201);
        assertThat(parcel.path("id").asString()).startsWith("prcl_");
        assertThat(parcel.path("weight").asDouble()).isEqualTo(15.4);

        JsonNode missing = json(client.post("/v2/shipments", "{}"), 422).path("error");
        assertThat(missing.path("code").asString()).isEqualTo("PARAMETER.REQUIRED");
        assertThat(missing.path("errors").path(0).path("field").asString()).isEqualTo("shipment");
    }

    @Test
    void aShipmentHasThreeUspsRatesThatGrowWithWeightAndZone() {
        JsonNode light = client.createShipment(TO_NEAR, 8, null);
        assertThat(light.path("id").asString()).matches("shp_[0-9a-f]{32}");
        assertThat(light.path("object").asString()).isEqualTo("Shipment");
        assertThat(light.path("mode").asString()).isEqualTo("test");
        assertThat(light.path("rates")).hasSize(3);
        for (JsonNode rate : light.path("rates")) {
            assertThat(rate.path("id").asString()).matches("rate_[0-9a-f]{32}");
            assertThat(rate.path("carrier").asString()).isEqualTo("USPS");
            assertThat(rate.path("rate").isString()).isTrue();
            assertThat(rate.path("rate").asString()).matches("\\d+\\.\\d{2}");
            assertThat(rate.path("shipment_id").asString()).isEqualTo(light.path("id").asString());
            assertThat(rate.path("carrier_account_id").asString()).isEqualTo(account.carrierAccountId());
        }
        JsonNode heavy = client.createShipment(TO_NEAR, 80, null);
        JsonNode far = client.createShipment(TO_FAR, 8, null);
        assertThat(far.path("usps_zone").asInt()).isGreaterThan(light.path("usps_zone").asInt());

        for (String service : new String[] {"GroundAdvantage", "Priority", "Express"}) {
            assertThat(price(heavy, service)).isGreaterThan(price(light, service));
            assertThat(price(far, service)).isGreaterThan(price(light, service));
        }
        assertThat(price(light, "Priority")).isGreaterThan(price(light, "GroundAdvantage"));
        assertThat(price(light, "Express")).isGreaterThan(price(light, "Priority"));

        JsonNode read = json(client.get("/v2/shipments/" + light.path("id").asString()), 200);
        assertThat(read.path("rates")).hasSize(3);
        JsonNode page = json(client.get("/v2/shipments?page_size=2"), 200);
        assertThat(page.path("shipments")).hasSize(2);
        assertThat(page.path("has_more").asBoolean()).isTrue();
        assertThat(page.path("shipments").path(0).path("id").asString()).isEqualTo(far.path("id").asString());
    }

    @Test
    void buyingReturnsLabelTrackerAndValidTrackingNumberOnceOnly() {
        JsonNode shipment = client.createShipment(TO_FAR, 15.4, "\"reference\":\"order-1001-1\"");
        JsonNode bought = client.buy(shipment, "GroundAdvantage");

        String code = bought.path("tracking_code").asString();
        assertThat(code).hasSize(22).startsWith("94");
        assertThat(UspsPic.isValid(code)).isTrue();
        assertThat(bought.path("selected_rate").path("service").asString()).isEqualTo("GroundAdvantage");
        JsonNode label = bought.path("postage_label");
        assertThat(label.path("id").asString()).matches("pl_[0-9a-f]{32}");
        assertThat(label.path("object").asString()).isEqualTo("PostageLabel");
        assertThat(label.path("label_size").asString()).isEqualTo("4x6");
        assertThat(label.path("label_file_type").asString()).isEqualTo("image/png");
        assertThat(label.path("label_url").asString()).startsWith(easypost.baseUrl() + "/files/postage_label/")
                .endsWith(".png");
        assertThat(bought.path("tracker").path("id").asString()).matches("trk_[0-9a-f]{32}");
        assertThat(bought.path("tracker").path("tracking_code").asString()).isEqualTo(code);
        assertThat(bought.path("fees").path(1).path("type").asString()).isEqualTo("PostageFee");
        assertThat(account.purchases()).isEqualTo(1);

        JsonNode again = json(client.post("/v2/shipments/" + shipment.path("id").asString() + "/buy",
                "{\"rate\":{\"id\":\"" + EasyPostHttp.rateId(shipment, "Priority") + "\"}}"), 422);
        assertThat(again.path("error").path("code").asString()).isEqualTo("SHIPMENT.POSTAGE.EXISTS");
        assertThat(account.purchases()).isEqualTo(1);
        assertThat(easypost.purchases(account.apiKey())).isEqualTo(1);

        JsonNode unknownRate = json(client.post("/v2/shipments/" + client.createShipment(TO_FAR, 4, null)
                .path("id").asString() + "/buy", "{\"rate\":{\"id\":\"rate_0000\"}}"), 404);
        assertThat(unknownRate.path("error").path("errors").path(0).isString()).isTrue();
    }

    @Test
    void aLostBuyAnswerIsFoundBackByReferenceWithoutBuyingTwice() {
        JsonNode shipment = client.createShipment(TO_NEAR, 20, "\"reference\":\"walmart-PO-42-pkg-1\"");
        easypost.loseNextBuyResponses(1);
        HttpResponse<String> lost = client.post("/v2/shipments/" + shipment.path("id").asString() + "/buy",
                "{\"rate\":{\"id\":\"" + EasyPostHttp.rateId(shipment, "Priority") + "\"}}");
        assertThat(lost.statusCode()).isEqualTo(504);
        assertThat(lost.body()).isEmpty();

        // the client looks the shipment up by its reference (usable instead of the id) and sees the label
        JsonNode found = json(client.get("/v2/shipments/walmart-PO-42-pkg-1"), 200);
        assertThat(found.path("id").asString()).isEqualTo(shipment.path("id").asString());
        assertThat(UspsPic.isValid(found.path("tracking_code").asString())).isTrue();
        assertThat(found.path("postage_label").path("label_url").asString()).isNotBlank();
        assertThat(account.purchases()).isEqualTo(1);
        assertThat(account.shipmentIdsWithReference("walmart-PO-42-pkg-1")).containsExactly(
                shipment.path("id").asString());
    }

    @Test
    void oneCallBuyPurchasesAtCreation() {
        JsonNode shipment = client.createShipment(TO_NEAR, 12, "\"service\":\"Express\",\"carrier_accounts\":[\""
                + account.carrierAccountId() + "\"]");
        assertThat(shipment.path("selected_rate").path("service").asString()).isEqualTo("Express");
        assertThat(UspsPic.isValid(shipment.path("tracking_code").asString())).isTrue();
        assertThat(account.purchases()).isEqualTo(1);
    }

    private static BigDecimal price(JsonNode shipment, String service) {
        for (JsonNode rate : shipment.path("rates")) {
            if (rate.path("service").asString().equals(service)) {
                return new BigDecimal(rate.path("rate").asString());
            }
        }
        throw new AssertionError(service);
    }
}
