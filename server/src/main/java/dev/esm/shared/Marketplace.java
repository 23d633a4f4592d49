package dev.esm.shared;

/** The marketplaces a store can sell on. */
public enum Marketplace {
    WALMART("Walmart"),
    AMAZON("Amazon"),
    EBAY("eBay");

    private final String displayName;

    Marketplace(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** Every marketplace's name, for messages: {@code WALMART, AMAZON, EBAY}. */
    public static String names() {
        return String.join(", ", java.util.Arrays.stream(values()).map(Enum::name).toList());
    }
}
