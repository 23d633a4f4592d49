package dev.esm.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small invented catalogue (124 SKUs) whose SKUs start with a marketplace prefix ({@code WM}, {@code AMZ},
 * {@code EB}...). A SKU's price is fixed (4.99..249.99) and does not depend on the prefix, so the same product costs
 * the same on every marketplace.
 */
public final class FakeCatalog {

    /** code, title, min dollars, max dollars, variant axes ("C" colours, "S" sizes, "P" pack sizes). */
    private static final Object[][] FAMILIES = {
        {"TSHIRT", "Cotton Crew T-Shirt", 9, 29, "CS"},
        {"HOODIE", "Fleece Pullover Hoodie", 24, 69, "CS"},
        {"SOCKS", "Cushioned Crew Socks", 4, 19, "P"},
        {"MUG", "Ceramic Coffee Mug 12 oz", 6, 24, "C"},
        {"BOTTLE", "Insulated Water Bottle 24 oz", 12, 39, "C"},
        {"LAMP", "LED Desk Lamp", 19, 79, "C"},
        {"CABLE", "USB-C Charging Cable 6 ft", 4, 19, "P"},
        {"CHARGER", "65W USB-C Wall Charger", 19, 59, ""},
        {"EARBUDS", "Wireless Earbuds", 29, 149, "C"},
        {"BACKPACK", "Everyday Laptop Backpack", 29, 119, "C"},
        {"YOGAMAT", "Non-Slip Yoga Mat", 14, 59, "C"},
        {"PAN", "Nonstick Frying Pan 10 in", 17, 69, ""},
        {"KNIFESET", "Kitchen Knife Set 6-Piece", 39, 199, ""},
        {"TOWEL", "Cotton Bath Towel", 8, 34, "CP"},
        {"CANDLE", "Soy Wax Scented Candle", 7, 29, "P"},
        {"PUZZLE", "Jigsaw Puzzle 1000 Pieces", 11, 29, ""},
        {"DRONE", "Mini Camera Drone", 89, 249, ""},
        {"BLENDER", "Personal Blender", 29, 99, "C"},
        {"PLANTER", "Ceramic Plant Pot 6 in", 9, 39, "C"},
        {"NOTEBOOK", "Dotted Notebook A5", 4, 17, "CP"},
    };

    private static final String[][] COLOURS = {{"BLK", "Black"}, {"WHT", "White"}, {"NVY", "Navy"}, {"GRY", "Gray"},
        {"RED", "Red"}};
    private static final String[] SIZES = {"S", "M", "L", "XL"};
    private static final String[] PACKS = {"1PK", "3PK", "6PK"};

    private final List<FakeProduct> products;

    public FakeCatalog(String skuPrefix) {
        List<FakeProduct> all = new ArrayList<>();
        for (Object[] family : FAMILIES) {
            String code = (String) family[0];
            String title = (String) family[1];
            int min = (Integer) family[2];
            int max = (Integer) family[3];
            String axes = (String) family[4];
            for (String[] variant : variants(axes)) {
                String suffix = variant[0];
                String sku = skuPrefix + "-" + code + suffix;
                all.add(new FakeProduct(sku, title + variant[1], price(code + suffix, min, max)));
            }
        }
        products = List.copyOf(all);
    }

    public FakeProduct pick(SplittableRandom r) {
        return products.get(r.nextInt(products.size()));
    }

    public List<FakeProduct> products() {
        return products;
    }

    public int size() {
        return products.size();
    }

    /** Variant SKU suffix and title suffix pairs. */
    private static List<String[]> variants(String axes) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[]{"", ""});
        for (char axis : axes.toCharArray()) {
            List<String[]> next = new ArrayList<>();
            for (String[] base : out) {
                switch (axis) {
                    case 'C' -> {
                        for (String[] c : COLOURS) {
                            next.add(new String[]{base[0] + "-" + c[0], base[1] + ", " + c[1]});
                        }
                    }
                    case 'S' -> {
                        for (String s : SIZES) {
                            next.add(new String[]{base[0] + "-" + s, base[1] + ", " + s});
                        }
                    }
                    default -> {
                        for (String p : PACKS) {
                            next.add(new String[]{base[0] + "-" + p, base[1] + ", " + p.replace("PK", "-Pack")});
                        }
                    }
                }
            }
            out = next;
        }
        return out;
    }

    /** A stable price in [min, max] dollars ending in a usual cents value, never below 4.99 or above 249.99. */
    private static long price(String key, int minDollars, int maxDollars) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(0x5EED_CA7AL, key));
        int[] cents = {99, 49, 95, 29, 0, 79};
        long value = (minDollars + r.nextInt(maxDollars - minDollars + 1)) * 100L + cents[r.nextInt(cents.length)];
        return Math.max(499, Math.min(24_999, value));
    }
}
