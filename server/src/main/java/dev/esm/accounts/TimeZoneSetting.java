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

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;
import dev.esm.platform.OperatorTimeZone;
import dev.esm.platform.TimeZones;

/** The operator's time zone (V22, {@code operator.time_zone}): read for every page that shows times, changed on the account page. */
@Service
public class TimeZoneSetting implements TimeZones, OperatorTimeZone {

    /** The zones offered on the account page: the IANA region names, sorted. */
    public static final List<String> CHOICES = ZoneId.getAvailableZoneIds().stream()
            .filter(id -> id.equals("UTC") || id.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_/-]+"))
            .sorted().toList();

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    /** {@link #zone} calls {@link #zoneOf} on this object, not through its proxy: it opens the transaction itself. */
    private final TransactionTemplate readOnly;

    TimeZoneSetting(JdbcClient jdbc, AuditTrail audit, PlatformTransactionManager transactions) {
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.jdbc = jdbc;
        this.audit = audit;
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
            return zoneInTransaction(me);
        }
        String key = TimeZoneSetting.class.getName() + ".zone." + me;
        if (request.getAttribute(key, RequestAttributes.SCOPE_REQUEST) instanceof ZoneId zone) {
            return zone;
        }
        ZoneId zone = zoneInTransaction(me);
        request.setAttribute(key, zone, RequestAttributes.SCOPE_REQUEST);
        return zone;
    }

    /**
     * Without a transaction the operator's row is invisible (row-level security knows the acting operator only inside
     * one), and every page would show UTC.
     */
    private ZoneId zoneInTransaction(UUID operatorId) {
        return readOnly.execute(status -> zoneOf(operatorId));
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

    private static ZoneId parseOrUtc(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
