/**
 * Privacy: the buyer data ESM holds for fulfilling orders, and its end. Buyer data is removed for good
 * ({@link dev.esm.privacy.BuyerErasure}) when its retention ends, when the operator asks, or when a marketplace says
 * the buyer closed their account; a removed buyer leaves a tombstone the order sync honours (ADR 0032).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "shared"})
package dev.esm.privacy;
