package dev.esm.sandbox;

import java.math.BigDecimal;

/** An invented catalogue entry: SKU such as {@code WM-TSHIRT-BLK-M}, title and unit price in cents (USD). */
public record FakeProduct(String sku, String title, long priceCents) {

    public BigDecimal price() {
        return BigDecimal.valueOf(priceCents, 2);
    }
}
