package dev.esm.marketplace;

import java.math.BigDecimal;
import java.util.function.Function;

/**
 * The parts of what an order or a line sold for, exactly as the marketplace sent them (never rounded), in the order's
 * currency. A part the marketplace does not give is null, not zero. Discounts and refunds are negative or zero, so the
 * buyer's total is {@code itemSubtotal + shipping + sellerTax + marketplaceTax + discount} (+ {@code refunded} once
 * refunded), and what the seller earned excludes {@code marketplaceTax}, which the marketplace collects and remits.
 *
 * @param itemSubtotal   the items' price times quantity, before discounts
 * @param shipping       shipping charged to the buyer
 * @param sellerTax      tax the seller collects and remits
 * @param marketplaceTax tax the marketplace collects and remits (eBay {@code ebayCollectAndRemitTaxes}, Amazon
 *                       {@code MARKETPLACE_FACILITATOR}, Walmart's sales tax)
 * @param discount       promotions and discounts, negative
 * @param fees           the marketplace's fees on the sale (eBay {@code totalMarketplaceFee}), positive
 * @param refunded       amounts refunded to the buyer, negative (Walmart {@code refundCharges})
 * @param payout         what the marketplace pays the seller, where it says (eBay {@code totalDueSeller})
 */
public record Charges(BigDecimal itemSubtotal, BigDecimal shipping, BigDecimal sellerTax, BigDecimal marketplaceTax,
                      BigDecimal discount, BigDecimal fees, BigDecimal refunded, BigDecimal payout) {

    public static final Charges NONE = new Charges(null, null, null, null, null, null, null, null);

    /** The sum of the lines' parts, part by part; a part stays null when no line gives it. */
    public static Charges sum(Iterable<Charges> parts) {
        Charges total = NONE;
        for (Charges c : parts) {
            total = new Charges(add(total.itemSubtotal, c.itemSubtotal), add(total.shipping, c.shipping),
                    add(total.sellerTax, c.sellerTax), add(total.marketplaceTax, c.marketplaceTax),
                    add(total.discount, c.discount), add(total.fees, c.fees), add(total.refunded, c.refunded),
                    add(total.payout, c.payout));
        }
        return total;
    }

    /** What the buyer paid: items, shipping, both taxes and discounts (refunds left out); null when no part is given. */
    public BigDecimal buyerTotal() {
        BigDecimal total = null;
        for (BigDecimal part : new BigDecimal[] {itemSubtotal, shipping, sellerTax, marketplaceTax, discount}) {
            total = add(total, part);
        }
        return total;
    }

    public Charges withFees(BigDecimal value) {
        return new Charges(itemSubtotal, shipping, sellerTax, marketplaceTax, discount, value, refunded, payout);
    }

    public Charges withPayout(BigDecimal value) {
        return new Charges(itemSubtotal, shipping, sellerTax, marketplaceTax, discount, fees, refunded, value);
    }

    /** Every part, in order, for storing and hashing. */
    public BigDecimal[] parts() {
        return new BigDecimal[] {itemSubtotal, shipping, sellerTax, marketplaceTax, discount, fees, refunded, payout};
    }

    public static Charges of(Function<Integer, BigDecimal> part) {
        return new Charges(part.apply(0), part.apply(1), part.apply(2), part.apply(3), part.apply(4), part.apply(5),
                part.apply(6), part.apply(7));
    }

    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.add(b);
    }
}
