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
}
