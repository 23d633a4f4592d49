/**
 * Privacy: the buyer data ESM holds for fulfilling orders, and its end. Buyer data is removed for good
 * ({@link dev.esm.privacy.BuyerErasure}) when its retention ends, when the operator asks, or when a marketplace says
 * the buyer closed their account; a removed buyer leaves a tombstone the order sync honours (ADR 0032). Marketplaces'
 * account deletion notices are received and worked here (ADR 0033).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"marketplace", "stores", "platform",
        "platform :: jobs", "shared"})
package dev.esm.privacy;
