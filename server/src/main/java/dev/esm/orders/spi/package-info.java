/** What the orders module asks of another module: {@link dev.esm.orders.spi.ShippingNotes} (the order page's shipping line). */
@org.springframework.modulith.NamedInterface("spi")
package dev.esm.orders.spi;
