/**
 * Stores: marketplace connections, sealed credentials, invitations and grants. Its {@code spi} sub-package holds the
 * ports the connectors implement (connect flow, credential check).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"accounts", "accounts :: spi", "marketplace", "platform",
        "platform :: problems", "shared"})
package dev.esm.stores;
