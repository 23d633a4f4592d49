package dev.esm.sandbox.amazon;

import java.math.BigDecimal;

/**
 * One order item ({@code OrderItem}). Prices are per unit, in cents (USD); {@code quantityShipped} is what the
 * spec calls {@code fulfillment.quantityFulfilled}. Like the real API, a unit price is not always whole cents: an
 * item of two sold for an odd number of cents has a three-decimal unit price ({@code "22.495"} for 44.99), and some
 * items carry no {@code product.price.unitPrice} at all, only their proceeds.
 */
public record AmazonOrderItem(String orderItemId, String asin, String sellerSku, String title, int quantityOrdered,
                              int quantityShipped, long unitPriceCents, long unitTaxCents, PriceShape shape) {

    /** How the item's price is sent. */
    public enum PriceShape {
        /** {@code unitPrice} in whole cents */
        CENTS,
        /** two units sold for one cent less than twice the list price: {@code unitPrice} has three decimals */
        THREE_DECIMALS,
        /** no {@code product.price.unitPrice}; the amount is in {@code proceeds.breakdowns[ITEM]} only */
        NO_UNIT_PRICE
    }

    public AmazonOrderItem {
        if (shape == PriceShape.THREE_DECIMALS && quantityOrdered != 2) {
            throw new IllegalArgumentException("three-decimal unit prices are for items of two");
        }
    }

    public AmazonOrderItem(String orderItemId, String asin, String sellerSku, String title, int quantityOrdered,
                           int quantityShipped, long unitPriceCents, long unitTaxCents) {
        this(orderItemId, asin, sellerSku, title, quantityOrdered, quantityShipped, unitPriceCents, unitTaxCents,
                PriceShape.CENTS);
    }

    /** What the item sold for, all units, in cents: {@code proceeds.breakdowns[ITEM].subtotal}. */
    public long lineCents() {
        return unitPriceCents * quantityOrdered - (shape == PriceShape.THREE_DECIMALS ? 1 : 0);
    }

    /** The unit price as Amazon states it (exact, up to three decimals), also when it is not sent. */
    public BigDecimal unitPrice() {
        return BigDecimal.valueOf(lineCents(), 2).divide(BigDecimal.valueOf(quantityOrdered));
    }

    /** True when the item is sent with {@code product.price.unitPrice}. */
    public boolean unitPriceSent() {
        return shape != PriceShape.NO_UNIT_PRICE;
    }

    AmazonOrderItem shipped(int quantity) {
        return new AmazonOrderItem(orderItemId, asin, sellerSku, title, quantityOrdered, quantity, unitPriceCents,
                unitTaxCents, shape);
    }
}
