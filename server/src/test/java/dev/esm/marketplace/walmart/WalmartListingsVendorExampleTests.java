package dev.esm.marketplace.walmart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.MarketplaceListing;
import dev.esm.marketplace.SharedContracts;

/** The listing connector reads Walmart's own examples of {@code GET /v3/items} and {@code GET /v3/inventories}. */
class WalmartListingsVendorExampleTests {

    @Test
    void readsTheFirstItemOfGetAllItems() throws IOException {
        JsonNode example = example("walmart/items.json", "/v3/items").path("Get All Items").path("value");
        MarketplaceListing item = WalmartListings.item(example.path("ItemResponse").get(0));

        assertThat(item.sku()).isEqualTo("2792005");
        assertThat(item.marketplaceItemId()).isEqualTo("0RE1TWYTKBKH");
        assertThat(item.title()).isEqualTo("Carhartt Men's Rugged Vest");
        assertThat(item.price()).isEqualByComparingTo("59.99");
        assertThat(item.currency()).isEqualTo("USD");
        assertThat(item.status()).isEqualTo(MarketplaceListing.Status.UNPUBLISHED);
        assertThat(item.issues()).hasSize(2).allMatch(i -> i.severity().equals("ERROR"));
        assertThat(item.issues().get(1).message()).startsWith("You did not assign a tax code");
        assertThat(item.attributes()).containsEntry("gtin", "00886859944807").containsEntry("upc", "886859944807")
                .containsEntry("productType", "Outerwear Coats, Jackets & Vests");
        assertThat(item.quantity()).as("quantities come from the inventory pages").isNull();
        assertThat(item.imageUrl()).isNull();
        assertThat(item.fulfilment()).isEqualTo(MarketplaceListing.Fulfilment.SELLER);
        assertThat(example.path("nextCursor").asString()).isNotBlank();
    }

    @Test
    void sumsTheSellableQuantityOfEveryShipNode() throws IOException {
        JsonNode example = example("walmart/inventory.json", "/v3/inventories");
        JsonNode inventories = (example.has("elements") ? example : example.iterator().next().path("value"))
                .path("elements").path("inventories");
        MarketplaceListing.Stock first = WalmartListings.stock(inventories.get(0));
        MarketplaceListing.Stock second = WalmartListings.stock(inventories.get(1));

        assertThat(first.sku()).isEqualTo("AI-IGH4-5509");
        assertThat(first.quantity()).isEqualTo(93 + 433); // availToSellQty, not inputQty (93 + 436)
        assertThat(second.sku()).isEqualTo("06397309545443");
        assertThat(second.quantity()).isZero(); // 5 in, 5 reserved
    }

    private static JsonNode example(String spec, String path) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(SharedContracts.require(spec)));
        JsonNode content = root.path("paths").path(path).path("get").path("responses").path("200").path("content")
                .path("application/json");
        return content.has("examples") ? content.path("examples") : content.path("example");
    }
}
