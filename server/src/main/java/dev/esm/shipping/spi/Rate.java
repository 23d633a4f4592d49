package dev.esm.shipping.spi;

import java.math.BigDecimal;

/** One price for one service; {@code id} is what {@link ShippingProvider#buy} takes. */
public record Rate(String id, String carrier, String service, BigDecimal amount, String currency,
                   Integer deliveryDays) {
}
