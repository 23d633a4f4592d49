/**
 * The marketplace connectors: the ports the other modules use (order source, tracking destination, consent flow,
 * credential check, the sealed credentials' shape, the closed failure set) and one adapter package per marketplace
 * ({@code walmart}, {@code amazon}, {@code ebay}); the public account deletion webhooks ({@code web}). Uses only
 * {@code platform} and {@code shared}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "platform :: quota",
        "platform :: problems", "shared"})
package dev.esm.marketplace;
