package dev.esm.platform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * The locale the acting operator reads money in (a setting on the account page beside the time zone), en-US by
 * default: "$1,234.56". Implemented by the module that keeps operators; {@link #money} is the one way pages write an
 * amount.
 */
public interface OperatorLocale {

    /** What every operator has until they choose another. */
    Locale DEFAULT = Locale.US;

    /** The acting operator's locale; {@link #DEFAULT} when there is none or it is unknown. */
    Locale locale();

    /**
     * An amount in its currency as people of {@code locale} write it ("$1,234.56" in en-US, "1.234,56 $" in de-DE,
     * "CA$12.00" for Canadian dollars in en-US); a currency that is not an ISO 4217 code is written before the amount.
     */
    static String money(BigDecimal amount, String currency, Locale locale) {
        if (amount == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(locale == null ? DEFAULT : locale);
        try {
            Currency unit = Currency.getInstance(currency);
            format.setCurrency(unit);
            int digits = Math.max(unit.getDefaultFractionDigits(), 0);
            format.setMinimumFractionDigits(digits);
            format.setMaximumFractionDigits(digits);
        } catch (IllegalArgumentException | NullPointerException e) {
            return (currency == null ? "" : currency + " ") + amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        }
        return format.format(amount);
    }
}
