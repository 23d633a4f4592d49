/** What a marketplace connector provides to the stores module: the OAuth connect flow of its stores. */
@org.springframework.modulith.NamedInterface("spi")
package dev.esm.stores.spi;
