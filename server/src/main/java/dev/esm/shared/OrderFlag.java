package dev.esm.shared;

/** What the marketplace says sets an order apart, from each API's own fields (see the connectors). */
public enum OrderFlag {
    /** Amazon {@code programs PRIME} */
    PRIME,
    /** Amazon {@code programs AMAZON_BUSINESS} */
    BUSINESS,
    /** Amazon {@code programs PREORDER} */
    PRE_ORDER,
    /** Walmart {@code orderType REPLACEMENT}, Amazon {@code associatedOrders} of type {@code REPLACEMENT_ORIGINAL_ID} */
    REPLACEMENT,
    /** a gift: Amazon {@code packing.giftOption}, eBay {@code giftDetails} */
    GIFT,
    /** eBay {@code guaranteedDelivery} */
    GUARANTEED_DELIVERY
}
