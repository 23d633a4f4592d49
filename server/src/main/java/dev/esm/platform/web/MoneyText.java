package dev.esm.platform.web;

import java.math.BigDecimal;
import java.util.Locale;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.esm.platform.OperatorLocale;

/**
 * Writes amounts on pages as {@code ${@money.format(amount, currency)}}, in the acting operator's locale
 * ({@link OperatorLocale}; en-US, "$1,234.56", while no bean provides one).
 */
@Component("money")
public class MoneyText {

    private final ObjectProvider<OperatorLocale> locales;

    MoneyText(ObjectProvider<OperatorLocale> locales) {
        this.locales = locales;
    }

    public String format(BigDecimal amount, String currency) {
        return OperatorLocale.money(amount, currency, locale());
    }

    public Locale locale() {
        OperatorLocale locale = locales.getIfAvailable();
        return locale == null ? OperatorLocale.DEFAULT : locale.locale();
    }
}
