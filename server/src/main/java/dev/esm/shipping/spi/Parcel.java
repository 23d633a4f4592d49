package dev.esm.shipping.spi;

import java.math.BigDecimal;

/** Weight in ounces, dimensions in inches (nullable together: a soft pack). */
public record Parcel(BigDecimal weightOz, BigDecimal lengthIn, BigDecimal widthIn, BigDecimal heightIn) {

    public Parcel {
        if (weightOz == null || weightOz.signum() <= 0) {
            throw new IllegalArgumentException("weight must be more than 0 oz");
        }
    }
}
