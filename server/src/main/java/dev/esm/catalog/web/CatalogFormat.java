package dev.esm.catalog.web;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** How the catalog writes things: money as "$1,234.56" (three decimals only when the marketplace sent them), counts. */
public final class CatalogFormat {

    private static final Locale LOCALE = Locale.US;

    public String money(BigDecimal amount, String currency) {
        if (amount == null) {
            return "—";
        }
        int decimals = Math.max(2, Math.min(3, amount.stripTrailingZeros().scale()));
        NumberFormat format = NumberFormat.getCurrencyInstance(LOCALE);
        try {
            format.setCurrency(Currency.getInstance(currency == null ? "USD" : currency));
        } catch (IllegalArgumentException e) {
            return currency + " " + amount.toPlainString();
        }
        format.setMinimumFractionDigits(decimals);
        format.setMaximumFractionDigits(decimals);
        return format.format(amount);
    }

    public String count(long n) {
        return NumberFormat.getIntegerInstance(LOCALE).format(n);
    }

    public String quantity(Integer quantity) {
        return quantity == null ? "—" : NumberFormat.getIntegerInstance(LOCALE).format(quantity);
    }

    /** A key attribute's name in plain words ({@code productType} → "Product type"). */
    public String attribute(String key) {
        return switch (key) {
            case "asin" -> "ASIN";
            case "gtin" -> "GTIN";
            case "upc" -> "UPC";
            case "color" -> "Colour";
            case "productType" -> "Product type";
            default -> key.isEmpty() ? key : Character.toUpperCase(key.charAt(0))
                    + key.substring(1).replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(LOCALE);
        };
    }

    /** The first letters of a product's words, for a thumbnail without an image. */
    public String initials(String title) {
        if (title == null || title.isBlank()) {
            return "?";
        }
        StringBuilder out = new StringBuilder();
        for (String word : title.strip().split("\\s+")) {
            if (!word.isEmpty() && Character.isLetterOrDigit(word.codePointAt(0)) && out.length() < 2) {
                out.appendCodePoint(Character.toUpperCase(word.codePointAt(0)));
            }
        }
        return out.isEmpty() ? "?" : out.toString();
    }
}
