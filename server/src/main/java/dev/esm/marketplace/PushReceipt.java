package dev.esm.marketplace;

/**
 * What the marketplace said to an accepted push.
 *
 * @param marketplaceReference the marketplace's id of what the push created, when it names one (eBay's fulfillmentId);
 *                             else null
 * @param answer               a short text of the marketplace's answer for people to read (e.g. {@code Walmart: line 1
 *                             Shipped}); never buyer data or secrets
 */
public record PushReceipt(String marketplaceReference, String answer) {
}
