package dev.esm.marketplace.amazon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.esm.marketplace.VendorSchema;
import dev.esm.shared.Carrier;
import dev.esm.marketplace.TrackingPush;

/** The confirmShipment body the connector sends, against Amazon's ordersV0 model and the contract notes. */
class AmazonTrackingBodyTests {

    private final AmazonTrackingDestination destination = new AmazonTrackingDestination(new AmazonProperties(
            "http://127.0.0.1:1", "http://127.0.0.1:1/auth/o2/token", "id", "secret", null, null, null, null,
            Duration.ofSeconds(1)));

    private final TrackingPush push = new TrackingPush("902-1106328-1059050",
            List.of(new TrackingPush.PushLine("79039765272157", 1)), Carrier.USPS, "USPS Ground Advantage",
            "9400100105807076063249", null, Instant.parse("2024-08-16T15:59:18.250Z"));

    @Test
    void bodyFitsTheConfirmShipmentRequestModel() throws IOException {
        VendorSchema amazon = VendorSchema.of("amazon-sp-api/ordersV0.json");
        JsonNode schema = null;
        for (JsonNode parameter : amazon.spec().path("paths").path("/orders/v0/orders/{orderId}/shipmentConfirmation")
                .path("post").path("parameters")) {
            if (parameter.path("in").asString().equals("body")) {
                schema = parameter.path("schema");
            }
        }
        assertThat(schema).isNotNull();

        assertThat(amazon.problems(schema, destination.body(push, "ATVPDKIKX0DER"))).isEmpty();
    }

    @Test
    void bodyCarriesThePackageAsTheContractNotesShowIt() {
        JsonNode body = destination.body(push, "ATVPDKIKX0DER");
        JsonNode detail = body.path("packageDetail");

        assertThat(body.path("marketplaceId").asString()).isEqualTo("ATVPDKIKX0DER");
        assertThat(detail.path("packageReferenceId").asString()).matches("[1-9][0-9]*");
        assertThat(detail.path("carrierCode").asString()).isEqualTo("USPS");
        assertThat(detail.path("shippingMethod").asString()).isEqualTo("USPS Ground Advantage");
        assertThat(detail.path("shipDate").asString()).isEqualTo("2024-08-16T15:59:18Z");
        assertThat(detail.path("orderItems").path(0).path("orderItemId").asString()).isEqualTo("79039765272157");
        assertThat(detail.path("orderItems").path(0).path("quantity").asInt()).isEqualTo(1);
    }

    @Test
    void thePackageReferenceIsEsmsPackageNumberSoAReplacementLabelEditsThePackage() {
        TrackingPush replacement = new TrackingPush(push.marketplaceOrderId(), push.lines(), Carrier.USPS,
                "USPS Priority Mail", "9405500000000000000018", null, push.shippedAt(), 1);
        TrackingPush secondPackage = new TrackingPush(push.marketplaceOrderId(), push.lines(), Carrier.USPS,
                "USPS Priority Mail", "9405500000000000000025", null, push.shippedAt(), 2);

        assertThat(destination.body(replacement, "ATVPDKIKX0DER").path("packageDetail").path("packageReferenceId")
                .asString()).isEqualTo(destination.body(push, "ATVPDKIKX0DER").path("packageDetail")
                .path("packageReferenceId").asString()).isEqualTo("1");
        assertThat(destination.body(secondPackage, "ATVPDKIKX0DER").path("packageDetail").path("packageReferenceId")
                .asString()).isEqualTo("2");
        assertThat(AmazonTrackingDestination.carrierCode(Carrier.FEDEX)).isEqualTo("FedEx");
    }
}
