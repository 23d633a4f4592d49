/**
 * What accounts asks of the other modules when an operator deletes their account or exports their data:
 * {@link dev.esm.accounts.spi.OperatorData}, implemented by each module for its own tables.
 */
@org.springframework.modulith.NamedInterface("spi")
package dev.esm.accounts.spi;
