package dev.esm.shared;

/**
 * Who ships an order: the seller (ESM buys its labels) or the marketplace itself (Amazon FBA, Walmart WFS), whose
 * orders the seller must not ship.
 */
public enum FulfilledBy {
    SELLER,
    MARKETPLACE
}
