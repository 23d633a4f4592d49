package dev.esm.orders.web;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.esm.orders.OrderGrid.Count;
import dev.esm.orders.Today.StoreAttention;
import dev.esm.platform.OperatorLocale;
import dev.esm.shared.OrderStatus;

/**
 * How the shipping desk writes things for people: statuses in words, money in the operator's locale ("$1,234.56" by
 * default, {@link OperatorLocale#money}), times
 * in the operator's zone, ship-by as "due in 5 h" / "2 days late", weights in lb and oz. One per request (the zone and
 * the moment are the request's); templates call it as {@code ${fmt....}}.
 */
public final class DeskFormat {

    private static final Locale LOCALE = Locale.US;
    private static final DateTimeFormatter THIS_YEAR = DateTimeFormatter.ofPattern("MMM d, HH:mm", LOCALE);
    private static final DateTimeFormatter OTHER_YEAR = DateTimeFormatter.ofPattern("MMM d yyyy, HH:mm", LOCALE);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", LOCALE);

    private final ZoneId zone;
    private final Instant now;
    private final Locale moneyLocale;

    public DeskFormat(ZoneId zone, Instant now) {
        this(zone, now, OperatorLocale.DEFAULT);
    }

    public DeskFormat(ZoneId zone, Instant now, Locale moneyLocale) {
        this.zone = zone;
        this.now = now;
        this.moneyLocale = moneyLocale;
    }

    public ZoneId zone() {
        return zone;
    }

    /** "Thursday, December 3": the operator's today. */
    public String day() {
        return DateTimeFormatter.ofPattern("EEEE, MMMM d", LOCALE).format(now.atZone(zone));
    }

    public String zoneName() {
        return zone.getId().replace('_', ' ');
    }

    public String status(OrderStatus status) {
        if (status == null) {
            return "";
        }
        return switch (status) {
            case UNSHIPPED -> "Awaiting shipment";
            case PARTIALLY_SHIPPED -> "Partly shipped";
            case SHIPPED -> "Shipped";
            case DELIVERED -> "Delivered";
            case CANCELLED -> "Cancelled";
            case PENDING -> "Pending payment";
            case CANCEL_REQUESTED -> "Cancel requested";
            case ON_HOLD -> "On hold";
        };
    }

    public String money(BigDecimal amount, String currency) {
        return OperatorLocale.money(amount, currency, moneyLocale);
    }

    public String number(long value) {
        return NumberFormat.getIntegerInstance(LOCALE).format(value);
    }

    public String count(Count count) {
        return number(count.value()) + (count.capped() ? "+" : "");
    }

    /** "Dec 3, 14:05" in the operator's zone (the year when it is not this year's). */
    public String time(Instant instant) {
        if (instant == null) {
            return "—";
        }
        ZonedDateTime local = instant.atZone(zone);
        return (local.getYear() == now.atZone(zone).getYear() ? THIS_YEAR : OTHER_YEAR).format(local);
    }

    /** "2026-12-03 14:05:09 CST", for a title. */
    public String full(Instant instant) {
        return instant == null ? "" : FULL.format(instant.atZone(zone));
    }

    /** "due in 5 h", "due in 2 days", "3 h late", "2 days late". */
    public String due(Instant shipBy) {
        if (shipBy == null) {
            return "";
        }
        Duration left = Duration.between(now, shipBy);
        boolean late = left.isNegative();
        String span = span(left.abs());
        return late ? span + " late" : "due in " + span;
    }

    /** "1 h 5 min ago"-style age: "5 min", "3 h", "2 days". */
    public String ago(Instant then) {
        return then == null ? "never" : span(Duration.between(then, now).abs()) + " ago";
    }

    public static String span(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return Math.max(duration.toSeconds(), 1) + " s";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = duration.toHours();
        if (hours < 48) {
            return hours + " h";
        }
        return duration.toDays() + " days";
    }

    /** "1 lb 4 oz", "6.5 oz". */
    public String weight(BigDecimal ounces) {
        if (ounces == null) {
            return "";
        }
        BigDecimal[] parts = ounces.divideAndRemainder(BigDecimal.valueOf(16));
        String oz = parts[1].stripTrailingZeros().toPlainString();
        if (parts[0].signum() == 0) {
            return oz + " oz";
        }
        return parts[0].toBigInteger() + " lb" + (parts[1].signum() == 0 ? "" : " " + oz + " oz");
    }

    /** What a store needing attention needs, in a sentence. */
    public String attention(StoreAttention store) {
        String marketplace = store.marketplace().displayName();
        return switch (store.reason()) {
            case NOT_CONNECTED -> "is not connected to " + marketplace + " yet: no orders come in.";
            case RECONNECT -> marketplace + " refused its credentials: reconnect it, orders are not syncing.";
            case PAUSED -> "syncing is paused after failures in a row, until " + time(store.until()) + ".";
            case FAILING -> "its last sync failed; ESM keeps trying.";
            case STALE -> store.since() == null ? "its first sync has not finished yet, though it was connected a "
                    + "while ago." : "last synced " + ago(store.since()) + ", though it syncs every "
                    + (store.pollInterval() == null ? "minute" : span(store.pollInterval())) + ".";
            case PUSH_FAILURES -> store.count() + (store.count() == 1 ? " tracking number" : " tracking numbers")
                    + " could not be sent to " + marketplace + ".";
        };
    }

    /** Where the operator fixes it. */
    public String attentionLink(StoreAttention store) {
        return switch (store.reason()) {
            case NOT_CONNECTED, RECONNECT -> "/stores/" + store.storeId();
            case PAUSED, FAILING, STALE -> "/stores/" + store.storeId() + "/sync";
            case PUSH_FAILURES -> "/orders?tab=shipped&store=" + store.storeId();
        };
    }

    public String attentionAction(StoreAttention store) {
        return switch (store.reason()) {
            case NOT_CONNECTED -> "Connect";
            case RECONNECT -> "Reconnect";
            case PAUSED, FAILING, STALE -> "Sync status";
            case PUSH_FAILURES -> "Shipped orders";
        };
    }
}
