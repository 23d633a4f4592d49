/**
 * What a marketplace connector provides to the stores module: the OAuth connect flow of its stores, and the check of
 * credentials typed in by an operator.
 */
@org.springframework.modulith.NamedInterface("spi")
package dev.esm.stores.spi;
