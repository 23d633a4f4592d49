package dev.esm.sandbox.easypost;

import dev.esm.sandbox.SandboxClock;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static dev.esm.sandbox.easypost.EasyPostHttp.address;
import static dev.esm.sandbox.easypost.EasyPostHttp.json;
import static dev.esm.sandbox.easypost.EasyPostHttp.shipment;
import static org.assertj.core.api.Assertions.assertThat;

/** Refunds, trackers and batches. */
class EasyPostLifecycleTest {

    private static final String TO = address("Quinn Placeholder", "42 Cedar Ln", "Denver", "CO", "80202");

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    private EasyPostSimulator easypost;
    private EasyPostAccount account;
    private EasyPostHttp client;

    @BeforeEach
    void start() {
        easypost = new EasyPostSimulator(clock, 3).start(0);
        account = easypost.registerApiKey("EZTK-lifecycle");
        client = new EasyPostHttp(easypost.baseUrl(), account.apiKey());
    }

    @AfterEach
    void stop() {
        easypost.close();
    }

    @Test
    void aRefundIsSubmittedThenRefundedAndCannotBeRequestedTwice() {
        JsonNode bought = client.buy(client.createShipment(TO, 10, null), "GroundAdvantage");
        String id = bought.path("id").asString();
        assertThat(bought.path("refund_status").isNull()).isTrue();

        JsonNode refunded = json(client.post("/v2/shipments/" + id + "/refund", null), 200);
        assertThat(refunded.path("refund_status").asString()).isEqualTo("submitted");
        assertThat(account.refunds()).isEqualTo(1);
        assertThat(json(client.post("/v2/shipments/" + id + "/refund", null), 422)
                .path("error").path("code").asString()).isEqualTo("SHIPMENT.REFUND.UNAVAILABLE");

        clock.advance(easypost.refundDelay());
        JsonNode later = json(client.get("/v2/shipments/" + id), 200);
        assertThat(later.path("refund_status").asString()).isEqualTo("refunded");
        assertThat(later.path("fees").path(1).path("refunded").asBoolean()).isTrue();
        JsonNode refunds = json(client.get("/v2/refunds"), 200).path("refunds");
        assertThat(refunds).hasSize(1);
        assertThat(refunds.path(0).path("id").asString()).startsWith("rfnd_");
        assertThat(refunds.path(0).path("status").asString()).isEqualTo("refunded");

        String notBought = client.createShipment(TO, 10, null).path("id").asString();
        assertThat(client.post("/v2/shipments/" + notBought + "/refund", null).statusCode()).isEqualTo(422);
    }

    @Test
    void aSecondBuyIsRefusedUnlessTheSimulatorIsToldToHonourIt() {
        JsonNode shipment = client.createShipment(TO, 10, null);
        String buy = "/v2/shipments/" + shipment.path("id").asString() + "/buy";
        String rate = "{\"rate\":{\"id\":\"" + EasyPostHttp.rateId(shipment, "Priority") + "\"}}";
        JsonNode first = json(client.post(buy, rate), 200);
        assertThat(json(client.post(buy, rate), 422).path("error").path("code").asString())
                .isEqualTo("SHIPMENT.POSTAGE.EXISTS");
        assertThat(account.purchases()).isEqualTo(1);

        easypost.honourRebuys(true);
        JsonNode second = json(client.post(buy, rate), 200);
        assertThat(second.path("tracking_code").asString()).isNotEqualTo(first.path("tracking_code").asString());
        assertThat(account.purchases()).isEqualTo(2);
        assertThat(account.requests(EasyPostSimulator.OP_SHIPMENT_BUY)).isEqualTo(3);
    }

    @Test
    void aLabelAlreadyInTheMailIsNotRefunded() {
        JsonNode bought = client.buy(client.createShipment(TO, 10, null), "Priority");
        clock.advance(Duration.ofHours(11)); // accepted at the origin facility
        JsonNode refund = json(client.post("/v2/refunds", "{\"refund\":{\"carrier\":\"USPS\",\"tracking_codes\":[\""
                + bought.path("tracking_code").asString() + "\"]}}"), 201);
        assertThat(refund.isArray()).isTrue();
        assertThat(refund.path(0).path("status").asString()).isEqualTo("submitted");
        clock.advance(easypost.refundDelay());
        assertThat(json(client.get("/v2/shipments/" + bought.path("id").asString()), 200)
                .path("refund_status").asString()).isEqualTo("rejected");
    }

    @Test
    void trackersMoveWithTheClockAndAreDeduplicated() {
        JsonNode bought = client.buy(client.createShipment(TO, 10, null), "Priority");
        String code = bought.path("tracking_code").asString();
        String trackerId = bought.path("tracker").path("id").asString();
        assertThat(bought.path("tracker").path("status").asString()).isEqualTo("pre_transit");

        JsonNode created = json(client.post("/v2/trackers",
                "{\"tracker\":{\"tracking_code\":\"" + code + "\",\"carrier\":\"USPS\"}}"), 200);
        assertThat(created.path("id").asString()).isEqualTo(trackerId);

        clock.advance(Duration.ofHours(12));
        JsonNode moving = json(client.get("/v2/trackers/" + trackerId), 200);
        assertThat(moving.path("status").asString()).isEqualTo("in_transit");
        assertThat(moving.path("tracking_details")).hasSize(2);
        assertThat(moving.path("tracking_details").path(1).path("tracking_location").path("city").asString())
                .isEqualTo("AUSTIN");

        clock.advance(Duration.ofDays(5));
        JsonNode done = json(client.get("/v2/trackers/" + trackerId), 200);
        assertThat(done.path("status").asString()).isEqualTo("delivered");
        assertThat(done.path("finalized").asBoolean()).isTrue();
        assertThat(done.path("tracking_details").path(4).path("tracking_location").path("zip").asString())
                .isEqualTo("80202");
        assertThat(json(client.get("/v2/shipments/" + bought.path("id").asString()), 200)
                .path("tracker").path("status").asString()).isEqualTo("delivered");

        JsonNode test = json(client.post("/v2/trackers",
                "{\"tracker\":{\"tracking_code\":\"EZ4000000004\",\"carrier\":\"USPS\"}}"), 200);
        assertThat(test.path("id").asString()).matches("trk_[0-9a-f]{32}");
        assertThat(test.path("status").asString()).isEqualTo("delivered");
        JsonNode list = json(client.get("/v2/trackers?tracking_code=EZ4000000004"), 200);
        assertThat(list.path("trackers")).hasSize(1);
        assertThat(json(client.get("/v2/trackers/trk_nope"), 404).path("error").path("code").asString())
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void aBatchIsCreatedBoughtAndLabelledAsynchronously() throws IOException {
        JsonNode first = client.createShipment(TO, 8, "\"service\":\"GroundAdvantage\",\"reference\":\"b-1\"");
        String second = shipment(address("Sage Demo", "9 Elm Ct", "Boise", "ID", "83702"), 24,
                "\"service\":\"Priority\",\"reference\":\"b-2\"").replaceFirst("^\\{\"shipment\":", "")
                .replaceFirst("}$", "");
        JsonNode batch = json(client.post("/v2/batches",
                "{\"batch\":{\"reference\":\"morning\",\"shipments\":[{\"id\":\"" + first.path("id").asString()
                        + "\"}," + second + "]}}"), 200);
        String id = batch.path("id").asString();
        assertThat(id).matches("batch_[0-9a-f]{32}");
        assertThat(batch.path("state").asString()).isEqualTo("creating");
        assertThat(batch.path("num_shipments").asInt()).isEqualTo(2);

        JsonNode created = json(client.get("/v2/batches/" + id), 200);
        assertThat(created.path("state").asString()).isEqualTo("created");
        assertThat(created.path("status").path("created").asInt()).isEqualTo(2);

        JsonNode third = client.createShipment(TO, 4, null); // no service: its purchase fails
        json(client.post("/v2/batches/" + id + "/add_shipments", "{\"shipments\":[{\"id\":\""
                + third.path("id").asString() + "\"}]}"), 200);

        JsonNode buying = json(client.post("/v2/batches/" + id + "/buy", null), 200);
        assertThat(buying.path("state").asString()).isEqualTo("purchasing");
        JsonNode purchased = json(client.get("/v2/batches/" + id), 200);
        assertThat(purchased.path("state").asString()).isEqualTo("purchased");
        assertThat(purchased.path("status").path("postage_purchased").asInt()).isEqualTo(2);
        assertThat(purchased.path("status").path("postage_purchase_failed").asInt()).isEqualTo(1);
        for (JsonNode s : purchased.path("shipments")) {
            if (s.path("batch_status").asString().equals("postage_purchased")) {
                assertThat(UspsPic.isValid(s.path("tracking_code").asString())).isTrue();
            } else {
                assertThat(s.path("batch_message").asString()).contains("service");
            }
        }
        assertThat(account.purchases()).isEqualTo(2);
        assertThat(json(client.get("/v2/shipments/" + first.path("id").asString()), 200)
                .path("batch_status").asString()).isEqualTo("postage_purchased");
        assertThat(client.post("/v2/batches/" + id + "/buy", null).statusCode()).isEqualTo(422);

        JsonNode generating = json(client.post("/v2/batches/" + id + "/label", "{\"file_format\":\"PDF\"}"), 200);
        assertThat(generating.path("state").asString()).isEqualTo("label_generating");
        assertThat(generating.path("label_url").isNull()).isTrue();
        JsonNode generated = json(client.get("/v2/batches/" + id), 200);
        assertThat(generated.path("state").asString()).isEqualTo("label_generated");
        try (PDDocument doc = Loader.loadPDF(client.download(generated.path("label_url").asString()))) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
            assertThat(doc.getPage(1).getMediaBox().getHeight()).isEqualTo(432f);
        }
        assertThat(account.purchases()).isEqualTo(2);
    }
}
