/** Demo mode's seed: the demo operator, one store per marketplace, shipping settings on the sandbox's provider. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"accounts", "marketplace", "stores", "shipping",
        "shipping :: spi", "platform", "shared"})
package dev.esm.demo;
