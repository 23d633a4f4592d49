package dev.esm.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.esm.marketplace.adapter.ListingConnector;
import dev.esm.sandbox.DemoListing;
import dev.esm.sandbox.FaultKnobs;

/**
 * The contract every listing connector passes against its simulator over real HTTP: a full scan describes every
 * listing the seller has, once, with the simulator's values; a change shows in the next scan; refusals and failures
 * come as the closed set. A connector's test extends this and wires the hooks.
 */
public abstract class ListingSourceContract<C extends StoreCredentials> {

    protected abstract ListingConnector<C> source();

    protected abstract C credentials();

    protected abstract C wrongCredentials();

    /** What the simulator holds for the seller. */
    protected abstract List<DemoListing> held();

    /** Sets a SKU's price at the simulator. */
    protected abstract void changePrice(String sku, BigDecimal price);

    protected abstract FaultKnobs faults();

    /** The connector's marketplace-specific reading of one listing (image, fulfilment, issues...). */
    protected abstract void checkDetails(DemoListing held, MarketplaceListing read);

    /** Scans from the start to the end; the listings by SKU with stock lines applied. */
    protected Map<String, MarketplaceListing> scan() throws MarketplaceException {
        Map<String, MarketplaceListing> bySku = new HashMap<>();
        List<String> skus = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        while (true) {
            ListingPage page = source().fetch(credentials(), cursor);
            pages++;
            for (MarketplaceListing listing : page.listings()) {
                skus.add(listing.sku());
                bySku.put(listing.sku(), listing);
            }
            for (MarketplaceListing.Stock stock : page.stock()) {
                MarketplaceListing l = bySku.get(stock.sku());
                assertThat(l).as("stock of a SKU described earlier in the scan: " + stock.sku()).isNotNull();
                bySku.put(l.sku(), new MarketplaceListing(l.sku(), l.marketplaceItemId(), l.title(), l.imageUrl(),
                        l.attributes(), l.price(), l.currency(), stock.quantity(), l.status(), l.fulfilment(),
                        l.issues()));
            }
            if (page.complete()) {
                assertThat(page.nextCursor()).isNull();
                break;
            }
            assertThat(page.nextCursor()).isNotNull().isNotEqualTo(cursor);
            cursor = page.nextCursor();
            assertThat(pages).as("pages of one scan").isLessThan(1_000);
        }
        assertThat(pages).as("a catalog of a few hundred listings comes in several pages").isGreaterThan(1);
        assertThat(skus).as("every SKU once").doesNotHaveDuplicates();
        return bySku;
    }

    @Test
    void aFullScanDescribesEveryListingOnceWithItsPriceQuantityAndStatus() throws MarketplaceException {
        List<DemoListing> held = held();
        assertThat(held).hasSizeGreaterThan(100);
        Map<String, MarketplaceListing> read = scan();
        assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(held.stream().map(DemoListing::sku)
                .collect(Collectors.toSet()));
        int threeDecimals = 0;
        for (DemoListing h : held) {
            MarketplaceListing l = read.get(h.sku());
            assertThat(l.title()).as(h.sku()).isEqualTo(h.title());
            assertThat(l.quantity()).as("quantity of " + h.sku()).isEqualTo(h.quantity());
            assertThat(l.status()).as("status of " + h.sku()).isEqualTo(h.published()
                    ? MarketplaceListing.Status.PUBLISHED : MarketplaceListing.Status.UNPUBLISHED);
            if (l.price() != null) {
                assertThat(l.price()).as("price of " + h.sku()).isEqualByComparingTo(h.price());
                assertThat(l.currency()).isEqualTo("USD");
                threeDecimals += l.price().stripTrailingZeros().scale() == 3 ? 1 : 0;
            }
            checkDetails(h, l);
        }
        assertThat(threeDecimals).as("prices with three decimals come through unrounded").isPositive();
        assertThat(read.values()).as("some listings are not live").anyMatch(l -> l.status()
                == MarketplaceListing.Status.UNPUBLISHED && !l.issues().isEmpty());
    }

    @Test
    void aChangedPriceShowsInTheNextScan() throws MarketplaceException {
        DemoListing some = held().stream().filter(h -> scanPriceOf(h)).findFirst().orElseThrow();
        changePrice(some.sku(), new BigDecimal("12.34"));
        assertThat(scan().get(some.sku()).price()).isEqualByComparingTo("12.34");
    }

    /** Whether the connector reads a price for this listing (an eBay item without an offer has none). */
    protected boolean scanPriceOf(DemoListing held) {
        return held.published();
    }

    @Test
    void refusedCredentialsAreReportedAsCredentialsExpired() {
        assertThatThrownBy(() -> source().fetch(wrongCredentials(), null))
                .isInstanceOf(MarketplaceException.CredentialsExpired.class);
    }

    @Test
    void throttlingIsReportedWithTheTimeToWait() {
        faults().setThrottleShare(1.0);
        try {
            assertThatThrownBy(() -> source().fetch(credentials(), null))
                    .isInstanceOfSatisfying(MarketplaceException.RateLimited.class,
                            limited -> assertThat(limited.retryAfter().isNegative()).isFalse());
        } finally {
            faults().setThrottleShare(0.0);
        }
    }

    @Test
    void serverErrorsAreReportedAsUnavailable() {
        faults().setServerErrorShare(1.0);
        try {
            assertThatThrownBy(() -> source().fetch(credentials(), null))
                    .isInstanceOf(MarketplaceException.MarketplaceUnavailable.class);
        } finally {
            faults().setServerErrorShare(0.0);
        }
    }

    @Test
    void malformedBodyIsReportedAsUnavailable() {
        faults().setMalformedShare(1.0);
        try {
            assertThatThrownBy(() -> source().fetch(credentials(), null))
                    .isInstanceOf(MarketplaceException.MarketplaceUnavailable.class);
        } finally {
            faults().setMalformedShare(0.0);
        }
    }
}
