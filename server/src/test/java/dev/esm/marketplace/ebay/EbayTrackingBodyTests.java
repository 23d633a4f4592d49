package dev.esm.marketplace.ebay;

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

/** The createShippingFulfillment body the connector sends, against eBay's Fulfillment API spec and the notes. */
class EbayTrackingBodyTests {

    private final EbayTrackingDestination destination = new EbayTrackingDestination(new EbayProperties(
            "http://127.0.0.1:1", null, "app", "cert", null, null, null, null, Duration.ofSeconds(1), null, null));

    private final TrackingPush push = new TrackingPush("01-03955-36441",
            List.of(new TrackingPush.PushLine("10000000000000", 1)), Carrier.UPS, "UPS Ground", "1Z999AA10123456784",
            null, Instant.parse("2024-08-16T15:59:18Z"));

    @Test
    void bodyFitsTheShippingFulfillmentDetailsSchema() throws IOException {
        VendorSchema ebay = VendorSchema.of("ebay/sell_fulfillment_v1_oas3.json");
        JsonNode schema = ebay.spec().path("paths").path("/order/{orderId}/shipping_fulfillment").path("post")
                .path("requestBody").path("content").path("application/json").path("schema");

        assertThat(ebay.problems(schema, destination.body(push))).isEmpty();
    }

    @Test
    void bodyCarriesTheLinesAndTrackingAsTheContractNotesShowThem() {
        JsonNode body = destination.body(push);

        assertThat(body.path("lineItems").path(0).path("lineItemId").asString()).isEqualTo("10000000000000");
        assertThat(body.path("lineItems").path(0).path("quantity").asInt()).isEqualTo(1);
        assertThat(body.path("shippedDate").asString()).isEqualTo("2024-08-16T15:59:18.000Z");
        assertThat(body.path("shippingCarrierCode").asString()).isEqualTo("UPS");
        assertThat(body.path("trackingNumber").asString()).isEqualTo("1Z999AA10123456784");
    }
}
