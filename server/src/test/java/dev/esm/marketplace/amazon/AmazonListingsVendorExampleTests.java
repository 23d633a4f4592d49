package dev.esm.marketplace.amazon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.MarketplaceListing;
import dev.esm.marketplace.SharedContracts;

/** The listing connector reads Amazon's own example of {@code searchListingsItems} (listingsItems_2021-08-01.json). */
class AmazonListingsVendorExampleTests {

    @Test
    void readsTheExampleItemForAmazonCom() throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(
                SharedContracts.require("amazon-sp-api/listingsItems_2021-08-01.json")));
        JsonNode example = root.path("paths").path("/listings/2021-08-01/items/{sellerId}").path("get")
                .path("responses").path("200").path("examples").path("application/json");
        MarketplaceListing item = AmazonListings.item(example.path("items").get(0), "ATVPDKIKX0DER");

        assertThat(item.sku()).isEqualTo("GM-ZDPI-9B4E");
        assertThat(item.marketplaceItemId()).isEqualTo("B071VG5N9D");
        assertThat(item.title()).isEqualTo("Hardside Carry-On Spinner Suitcase Luggage");
        assertThat(item.imageUrl()).isEqualTo("https://www.example.com/luggage.png");
        assertThat(item.price()).isEqualByComparingTo("100.00"); // the US offer, not the CAD one
        assertThat(item.currency()).isEqualTo("USD");
        assertThat(item.quantity()).isEqualTo(100);
        assertThat(item.fulfilment()).isEqualTo(MarketplaceListing.Fulfilment.SELLER); // DEFAULT channel
        assertThat(item.status()).isEqualTo(MarketplaceListing.Status.PUBLISHED); // BUYABLE
        assertThat(item.attributes()).containsEntry("asin", "B071VG5N9D").containsEntry("productType", "LUGGAGE")
                .containsEntry("condition", "new_new");
        assertThat(item.issues()).extracting(MarketplaceListing.Issue::code)
                .containsExactly("90220", "18027", "99300", "18155", "18742");
        assertThat(item.issues().get(0).message()).isEqualTo("'size' is required but not supplied.");
        assertThat(example.path("pagination").path("nextToken").asString()).isNotBlank();
    }

    @Test
    void theCanadianSummaryIsReadForAmazonCa() throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(
                SharedContracts.require("amazon-sp-api/listingsItems_2021-08-01.json")));
        JsonNode item = root.path("paths").path("/listings/2021-08-01/items/{sellerId}").path("get")
                .path("responses").path("200").path("examples").path("application/json").path("items").get(0);
        MarketplaceListing canada = AmazonListings.item(item, "A2EUQ1WTGCTBG2");
        assertThat(canada.price()).isEqualByComparingTo("130.00");
        assertThat(canada.currency()).isEqualTo("CAD");
        assertThat(canada.status()).isEqualTo(MarketplaceListing.Status.UNPUBLISHED); // no BUYABLE there
        assertThat(canada.issues()).extracting(MarketplaceListing.Issue::code).containsExactly("18027", "99300");
    }
}
