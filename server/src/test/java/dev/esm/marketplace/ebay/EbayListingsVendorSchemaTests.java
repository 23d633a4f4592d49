package dev.esm.marketplace.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.MarketplaceListing;
import dev.esm.marketplace.VendorSchema;
import dev.esm.sandbox.SandboxClock;
import dev.esm.sandbox.ebay.EbayApp;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.ebay.EbaySimulator;

/**
 * eBay's Inventory API spec (sell_inventory_v1_oas3.json) has no example payloads: the simulator's answers are checked
 * against its {@code InventoryItems} and {@code Offers} schemas instead, and then read field by field.
 */
class EbayListingsVendorSchemaTests {

    private EbaySimulator simulator;
    private String accessToken;
    private EbaySeller seller;

    @BeforeEach
    void start() throws Exception {
        simulator = new EbaySimulator(SandboxClock.fixed(Instant.parse("2026-11-20T12:00:00Z")), 7).start();
        EbayApp app = simulator.registerApp("schema-app", "schema-cert");
        seller = simulator.registerSeller("schema_seller");
        String refresh = simulator.issueRefreshToken(app, seller);
        String form = "grant_type=refresh_token&refresh_token=" + java.net.URLEncoder.encode(refresh, "UTF-8")
                + "&scope=" + java.net.URLEncoder.encode("https://api.ebay.com/oauth/api_scope/sell.inventory", "UTF-8");
        HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        simulator.tokenUrl()))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "schema-app:schema-cert".getBytes()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        accessToken = JsonMapper.builder().build().readTree(token.body()).path("access_token").asString();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void inventoryItemsAndOffersFitTheSpecAndAreReadFieldByField() throws Exception {
        VendorSchema spec = VendorSchema.of("ebay/sell_inventory_v1_oas3.json");
        JsonNode items = get("/sell/inventory/v1/inventory_item?limit=5&offset=0");
        // Product.aspects is a free-form map in the spec (type object, no properties): its keys are the seller's
        assertThat(spec.problems(spec.spec().path("components").path("schemas").path("InventoryItems"), items))
                .filteredOn(problem -> !problem.matches("\\$\\.inventoryItems\\[\\d+]\\.product\\.aspects\\.\\w+ is not in the schema"))
                .isEmpty();
        JsonNode item = null;
        for (JsonNode candidate : items.path("inventoryItems")) {
            if (item == null && seller.listings().find(candidate.path("sku").asString()).orElseThrow().published()) {
                item = candidate;
            }
        }
        assertThat(item).as("a published item among the first five").isNotNull();
        String sku = item.path("sku").asString();
        JsonNode offers = get("/sell/inventory/v1/offer?sku=" + java.net.URLEncoder.encode(sku, "UTF-8"));
        assertThat(spec.problems(spec.spec().path("components").path("schemas").path("Offers"), offers)).isEmpty();

        JsonNode offer = offers.path("offers").get(0);
        MarketplaceListing read = EbayListings.listing(item, offer);
        assertThat(read.sku()).isEqualTo(sku);
        assertThat(read.title()).isEqualTo(item.path("product").path("title").asString());
        assertThat(read.price()).isEqualByComparingTo(offer.path("pricingSummary").path("price").path("value")
                .asString());
        assertThat(read.quantity()).isEqualTo(offer.path("availableQuantity").asInt());
        assertThat(read.marketplaceItemId()).isEqualTo(offer.path("listing").path("listingId").asString());
        assertThat(read.status()).isEqualTo("PUBLISHED".equals(offer.path("status").asString())
                ? MarketplaceListing.Status.PUBLISHED : MarketplaceListing.Status.UNPUBLISHED);
        assertThat(items.path("total").asInt()).isEqualTo(seller.listings().size());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        simulator.baseUrl() + path)).header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }
}
