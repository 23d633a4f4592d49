/** What a marketplace connector provides to order sync: {@link dev.esm.orders.spi.OrderSource}. */
@org.springframework.modulith.NamedInterface("spi")
package dev.esm.orders.spi;
