package dev.esm.accounts;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;
import dev.esm.platform.OperatorLocale;
import dev.esm.platform.OperatorTimeZone;

/**
 * The operator's time zone (V22, {@code operator.time_zone}) and locale for money (V34, {@code operator.locale}): read
 * for every page that shows times or amounts (once per request), changed on the account page.
 */
@Service
public class TimeZoneSetting implements OperatorTimeZone, OperatorLocale {

    /** The locales offered for money on the account page, by tag, with what each writes. */
    public static final java.util.Map<String, String> LOCALES = locales();

    /** The zones offered on the account page: the IANA region names, sorted. */
    public static final List<String> CHOICES = ZoneId.getAvailableZoneIds().stream()
            .filter(id -> id.equals("UTC") || id.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_/-]+"))
            .sorted().toList();

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;

    TimeZoneSetting(JdbcClient jdbc, AuditTrail audit, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.transactions = transactions;
    }

    private static java.util.Map<String, String> locales() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String tag : List.of("en-US", "en-CA", "fr-CA", "en-GB", "en-AU", "es-MX", "es-US", "de-DE", "fr-FR",
                "es-ES", "it-IT", "nl-NL")) {
            java.util.Locale locale = java.util.Locale.forLanguageTag(tag);
            out.put(tag, locale.getDisplayName(java.util.Locale.US) + " — "
                    + OperatorLocale.money(new java.math.BigDecimal("1234.56"), "USD", locale));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    @Transactional(readOnly = true)
    public ZoneId zoneOf(UUID operatorId) {
        return jdbc.sql("select time_zone from operator where id = ?").param(operatorId).query(String.class).optional()
                .map(TimeZoneSetting::parseOrUtc).orElse(ZoneOffset.UTC);
    }

    /**
     * The acting operator's zone for the pages' dates ({@code @dates}): read once per request (a page formats many
     * times), UTC when nobody acts.
     */
    @Override
    public ZoneId zone() {
        UUID me = ActingOperator.current().orElse(null);
        if (me == null) {
            return ZoneOffset.UTC;
        }
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return transactions.execute(tx -> zoneOf(me));
        }
        String key = TimeZoneSetting.class.getName() + ".zone." + me;
        if (request.getAttribute(key, RequestAttributes.SCOPE_REQUEST) instanceof ZoneId zone) {
            return zone;
        }
        // through the tenant transaction: a call to this bean's own @Transactional method would not start one, and
        // row-level security shows no operator row outside it
        ZoneId zone = transactions.execute(tx -> zoneOf(me));
        request.setAttribute(key, zone, RequestAttributes.SCOPE_REQUEST);
        return zone;
    }

    /** Sets the operator's zone; {@link AccountException} {@code invalid-time-zone} for a name that is not a zone. */
    @Transactional
    public ZoneId change(UUID operatorId, String zone, String source) {
        String name = zone == null ? "" : zone.strip();
        if (!CHOICES.contains(name)) {
            throw new AccountException("invalid-time-zone", "Choose a time zone from the list, e.g. America/Chicago.");
        }
        jdbc.sql("update operator set time_zone = ?, updated_at = now() where id = ?").params(name, operatorId).update();
        audit.record("account.change-time-zone", "operator:" + operatorId, source);
        return ZoneId.of(name);
    }

    /** An operator's locale for money; en-US when unknown. */
    @Transactional(readOnly = true)
    public java.util.Locale localeOf(UUID operatorId) {
        return jdbc.sql("select locale from operator where id = ?").param(operatorId).query(String.class).optional()
                .filter(LOCALES::containsKey).map(java.util.Locale::forLanguageTag).orElse(OperatorLocale.DEFAULT);
    }

    /** The acting operator's locale for money on pages: read once per request, en-US when nobody acts. */
    @Override
    public java.util.Locale locale() {
        UUID me = ActingOperator.current().orElse(null);
        if (me == null) {
            return OperatorLocale.DEFAULT;
        }
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return transactions.execute(tx -> localeOf(me));
        }
        String key = TimeZoneSetting.class.getName() + ".locale." + me;
        if (request.getAttribute(key, RequestAttributes.SCOPE_REQUEST) instanceof java.util.Locale locale) {
            return locale;
        }
        java.util.Locale locale = transactions.execute(tx -> localeOf(me));
        request.setAttribute(key, locale, RequestAttributes.SCOPE_REQUEST);
        return locale;
    }

    /** Sets the operator's locale for money; {@code invalid-locale} for a tag not in {@link #LOCALES}. */
    @Transactional
    public java.util.Locale changeLocale(UUID operatorId, String tag, String source) {
        String name = tag == null ? "" : tag.strip();
        if (!LOCALES.containsKey(name)) {
            throw new AccountException("invalid-locale", "Choose how money is written from the list.");
        }
        jdbc.sql("update operator set locale = ?, updated_at = now() where id = ?").params(name, operatorId).update();
        audit.record("account.change-locale", "operator:" + operatorId, source);
        return java.util.Locale.forLanguageTag(name);
    }

    private static ZoneId parseOrUtc(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
