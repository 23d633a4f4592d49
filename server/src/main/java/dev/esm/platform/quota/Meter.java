package dev.esm.platform.quota;

/** What an API counts a quota by: the calls of everything sharing that id draw from one bucket. */
public enum Meter {
    /** Each store on its own (the fallback when a store's account is not known). */
    STORE,
    /** The seller account on the marketplace, whichever ESM stores (of any operator) are connected to it. */
    SELLER_ACCOUNT,
    /** ESM's application at the marketplace: every store together. */
    APPLICATION,
    /** An API key (a shipping provider's), whichever stores use it. */
    API_KEY
}
