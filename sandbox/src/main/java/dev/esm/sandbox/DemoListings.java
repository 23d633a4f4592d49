package dev.esm.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A seller's demo catalog, deterministic from a seed. The products come from one shared list
 * ({@link #PRODUCTS}, {@value #SIZE} SKUs without a marketplace prefix), and which of them a marketplace lists depends
 * on the product and the marketplace only, so an operator's Walmart, Amazon and eBay stores share SKUs (about 42 % of
 * the products are on all three, some on two, some on one). Prices, quantities, missing images, issues and
 * unpublished items come from the seller's seed. Thread-safe; changes ({@link #setPrice}, {@link #setQuantity}) are
 * what a later edit or a test makes.
 */
public final class DemoListings {

    public static final int SIZE = 300;
    private static final long CATALOG_SEED = 0x11571_CA7AL;
    private static final List<FakeProduct> PRODUCTS = products();
    private static final String[] BRANDS = {"Northfield", "Acme Home", "Brightline", "Tidewater", "Oakmont"};

    /** What a marketplace says about a listing, in its own words (the simulators choose these per marketplace). */
    public interface Vocabulary {
        List<DemoListing.Issue> issues(SplittableRandom r, boolean published);
    }

    private final List<DemoListing> listings;

    private DemoListings(List<DemoListing> listings) {
        this.listings = listings;
    }

    /**
     * The catalog of one seller of {@code marketplace} ("walmart", "amazon", "ebay"), from its seed.
     * @param fulfilledShare share of listings the marketplace fulfils (0 for eBay)
     */
    public static DemoListings generate(String marketplace, long sellerSeed, long epochMillis, double fulfilledShare,
                                        Vocabulary vocabulary) {
        List<DemoListing> out = new ArrayList<>();
        for (int n = 0; n < PRODUCTS.size(); n++) {
            if (!listedOn(marketplace, n)) {
                continue;
            }
            FakeProduct product = PRODUCTS.get(n);
            SplittableRandom r = Seeds.rng(Seeds.mix(sellerSeed, "listing"), n);
            BigDecimal price = BigDecimal.valueOf(product.priceCents(), 2);
            int tweak = r.nextInt(10);
            if (tweak < 3) {
                price = price.add(BigDecimal.valueOf(r.nextInt(300) - 150, 2)).max(new BigDecimal("1.00"));
            } else if (tweak == 3) {
                // three decimals, as some sellers' feeds leave them
                price = price.add(new BigDecimal("0.005")).setScale(3, RoundingMode.UNNECESSARY);
            }
            int quantity = r.nextInt(8) == 0 ? 0 : r.nextInt(250);
            boolean published = r.nextInt(12) != 0;
            boolean fulfilled = r.nextDouble() < fulfilledShare;
            List<DemoListing.Issue> issues = vocabulary.issues(r, published);
            String image = r.nextInt(15) == 0 ? null
                    : "https://images.example.com/demo/" + product.sku().toLowerCase() + ".jpg";
            String itemId = Seeds.alnum(r, 12).toUpperCase();
            String gtin = "00" + Seeds.digits(Seeds.rng(CATALOG_SEED, n), 12);
            String brand = BRANDS[(int) Math.floorMod(Seeds.mix(CATALOG_SEED, n), (long) BRANDS.length)];
            String colour = product.title().contains(", ") ? product.title().split(", ")[1] : null;
            out.add(new DemoListing(product.sku(), itemId, gtin, product.title(), brand, colour, image, price,
                    quantity, published, fulfilled, issues, epochMillis - r.nextInt(30 * 86_400) * 1000L));
        }
        return new DemoListings(out);
    }

    /** Whether product {@code n} is listed on the marketplace: each marketplace lists about three in four. */
    static boolean listedOn(String marketplace, int n) {
        long h = Seeds.mix(CATALOG_SEED, n);
        int shift = switch (marketplace) {
            case "walmart" -> 0;
            case "amazon" -> 2;
            default -> 4;
        };
        return ((h >>> shift) & 3) != 0;
    }

    public synchronized List<DemoListing> all() {
        return List.copyOf(listings);
    }

    public synchronized int size() {
        return listings.size();
    }

    /** Listings from {@code offset}, at most {@code limit}, in SKU order of the catalog. */
    public synchronized List<DemoListing> page(int offset, int limit) {
        if (offset >= listings.size()) {
            return List.of();
        }
        return List.copyOf(listings.subList(offset, Math.min(listings.size(), offset + limit)));
    }

    public synchronized Optional<DemoListing> find(String sku) {
        return listings.stream().filter(l -> l.sku().equals(sku)).findFirst();
    }

    public synchronized void setPrice(String sku, BigDecimal price, long at) {
        replace(sku, find(sku).orElseThrow().withPrice(price, at));
    }

    public synchronized void setQuantity(String sku, int quantity, long at) {
        replace(sku, find(sku).orElseThrow().withQuantity(quantity, at));
    }

    private void replace(String sku, DemoListing listing) {
        for (int i = 0; i < listings.size(); i++) {
            if (listings.get(i).sku().equals(sku)) {
                listings.set(i, listing);
            }
        }
    }

    private static List<FakeProduct> products() {
        List<FakeProduct> base = new FakeCatalog("ESM").products();
        List<FakeProduct> out = new ArrayList<>();
        for (int n = 0; n < SIZE; n++) {
            FakeProduct p = base.get(n % base.size());
            int edition = n / base.size();
            out.add(edition == 0 ? p : new FakeProduct(p.sku() + "-E" + edition, p.title() + " (edition " + (edition + 1)
                    + ")", p.priceCents()));
        }
        return List.copyOf(out);
    }

}
