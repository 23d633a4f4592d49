package dev.esm.sandbox.ebay;

import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's payloads use the names of eBay's Fulfillment OpenAPI file (shared/contracts/ebay, v1.11.0), apart
 * from the few fields the contract notes quote from the newer v1.20.7 spec.
 */
class EbaySpecConformanceTest {

    private static final Path SPEC = Path.of("../../shared/contracts/ebay/sell_fulfillment_v1_oas3.json");
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    /**
     * In the notes (v1.20.7) but not in the v1.11 file; {@code totalMarketplaceFee} and {@code variationAspects} are in
     * the live API's getOrders answers (issue 9), not in the v1.11 file either.
     */
    private static final Set<String> NEWER = Set.of(
            "buyer.buyerRegistrationAddress", "lineItems.variationAspects", "totalMarketplaceFee",
            "fulfillmentStartInstructions.shippingStep.shipTo.contactAddress.countryCode");

    @Test
    void orderFieldsAreTheSpecs() throws IOException {
        JsonNode spec = spec();
        EbaySeller seller = new EbaySimulator(SandboxClock.fixed(NOW), 1).registerSeller("spec").generateOrders(40);
        Set<String> unknown = new TreeSet<>();
        for (String id : seller.orderIds()) {
            JsonNode order = EbayJson.order(seller.order(id).orElseThrow(), "http://x", NOW.toEpochMilli());
            walk(spec, order, spec.at("/components/schemas/Order"), "", unknown);
        }
        assertThat(unknown).isEqualTo(NEWER);
    }

    @Test
    void getOrdersErrorIdsAreTheSpecs() throws IOException {
        JsonNode codes = spec().at("/paths/~1order/get/responses/400/x-response-codes/errors");
        for (int id : List.of(30700, 30800, 30810, 30820, 30830, 30840, 30850, 30900, 31000, 31100)) {
            assertThat(codes.has(String.valueOf(id))).as(String.valueOf(id)).isTrue();
        }
        assertThat(spec().at("/paths/~1order/get/responses/500/x-response-codes/errors").has("30500")).isTrue();
    }

    /** Collects the paths of {@code value}'s properties that {@code schema} does not define. */
    private static void walk(JsonNode spec, JsonNode value, JsonNode declared, String path, Set<String> unknown) {
        JsonNode schema = resolve(spec, declared);
        if (value.isArray()) {
            value.forEach(item -> walk(spec, item, schema.path("items"), path, unknown));
            return;
        }
        if (!value.isObject()) {
            return;
        }
        for (var property : value.properties()) {
            String child = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
            JsonNode defined = schema.path("properties").path(property.getKey());
            if (defined.isMissingNode()) {
                unknown.add(child);
            } else {
                walk(spec, property.getValue(), defined, child, unknown);
            }
        }
    }

    private static JsonNode resolve(JsonNode spec, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.isEmpty() ? schema : spec.at(ref.substring(1));
    }

    private static JsonNode spec() throws IOException {
        Assumptions.assumeTrue(Files.exists(SPEC), "shared/contracts is not beside this checkout");
        return Json.MAPPER.readTree(Files.readString(SPEC));
    }
}
