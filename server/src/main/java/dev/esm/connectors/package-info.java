/**
 * Connectors: one order source and tracking destination per marketplace and the EasyPost shipping provider, each
 * implementing the ports ({@code spi}) of the module that owns them.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"orders", "orders :: spi", "shipping :: spi",
        "stores", "stores :: spi", "shared"})
package dev.esm.connectors;
