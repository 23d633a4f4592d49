package dev.esm.marketplace.walmart;

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

/** The shipping body the connector sends, against Walmart's published request schema and the contract notes. */
class WalmartTrackingBodyTests {

    private final WalmartTrackingDestination destination = new WalmartTrackingDestination(
            new WalmartProperties("http://127.0.0.1:1", null, null, null, null, Duration.ofSeconds(1), null));

    private final TrackingPush push = new TrackingPush("1796277083022",
            List.of(new TrackingPush.PushLine("1", 1), new TrackingPush.PushLine("2", 2)), Carrier.FEDEX,
            "FedEx Ground", "9400100105807076063249", "https://example.test/t", Instant.ofEpochMilli(1724000000000L));

    /**
     * The vendored orders.json types {@code orderShipment.orderLines} as RefundLinesType (a schema mix-up: the
     * refund line has no {@code orderLineStatuses}), so each line is checked against the operation's own request
     * example and its statuses against ShipLineStatusType.
     */
    @Test
    void bodyFitsTheShippingUpdatesRequestExampleAndStatusSchema() throws IOException {
        VendorSchema walmart = VendorSchema.of("walmart/orders.json");
        JsonNode content = walmart.spec().path("paths").path("/v3/orders/{purchaseOrderId}/shipping").path("post")
                .path("requestBody").path("content").path("application/json");
        JsonNode exampleLine = content.path("example").path("orderShipment").path("orderLines").path("orderLine")
                .path(0);
        JsonNode statusSchema = walmart.spec().path("components").path("schemas").path("ShipLineStatusType");
        JsonNode body = destination.body(push);

        assertThat(body.path("orderShipment").path("orderLines").path("orderLine").isArray()).isTrue();
        for (JsonNode line : body.path("orderShipment").path("orderLines").path("orderLine")) {
            for (String field : line.propertyNames()) {
                assertThat(exampleLine.has(field)).as(field).isTrue();
                assertThat(line.path(field).getNodeType()).as(field).isEqualTo(exampleLine.path(field).getNodeType());
            }
            for (JsonNode status : line.path("orderLineStatuses").path("orderLineStatus")) {
                assertThat(walmart.problems(statusSchema, status)).isEmpty();
            }
        }
    }

    @Test
    void bodyCarriesEachLineAsShippedWithItsTracking() {
        JsonNode line = destination.body(push).path("orderShipment").path("orderLines").path("orderLine").path(1);
        JsonNode status = line.path("orderLineStatuses").path("orderLineStatus").path(0);

        assertThat(line.path("lineNumber").asString()).isEqualTo("2");
        assertThat(status.path("status").asString()).isEqualTo("Shipped");
        assertThat(status.path("statusQuantity").path("amount").asString()).isEqualTo("2");
        assertThat(status.path("trackingInfo").path("shipDateTime").asLong()).isEqualTo(1724000000000L);
        assertThat(status.path("trackingInfo").path("carrierName").path("carrier").asString()).isEqualTo("FedEx");
        assertThat(status.path("trackingInfo").path("methodCode").asString()).isEqualTo("Standard");
        assertThat(status.path("trackingInfo").path("trackingURL").asString()).isEqualTo("https://example.test/t");
    }

    @Test
    void servicesMapToWalmartsMethodCodes() {
        assertThat(WalmartTrackingDestination.methodCode("USPS Ground Advantage")).isEqualTo("Standard");
        assertThat(WalmartTrackingDestination.methodCode("UPS Next Day Air")).isEqualTo("OneDay");
        assertThat(WalmartTrackingDestination.methodCode("Priority Mail Express")).isEqualTo("Express");
        assertThat(WalmartTrackingDestination.methodCode("UPS 2nd Day Air")).isEqualTo("Express");
        assertThat(WalmartTrackingDestination.methodCode(null)).isEqualTo("Standard");
    }
}
