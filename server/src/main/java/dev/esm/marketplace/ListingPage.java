package dev.esm.marketplace;

import java.util.List;

/**
 * One page of a store's listings scan.
 *
 * @param listings   listings described on this page
 * @param stock      quantities of listings described on earlier pages of the same scan (Walmart's inventory pages)
 * @param nextCursor where the scan continues; null when {@code complete}
 * @param complete   this page ends the scan: every listing of the store has been described since it began
 */
public record ListingPage(List<MarketplaceListing> listings, List<MarketplaceListing.Stock> stock, String nextCursor,
                          boolean complete) {

    public ListingPage {
        listings = List.copyOf(listings);
        stock = List.copyOf(stock);
    }
}
