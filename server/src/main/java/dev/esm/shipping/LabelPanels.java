package dev.esm.shipping;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.esm.orders.OrderException;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews.OrderDetails;
import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.shipping.PackageMemory.Remembered;
import dev.esm.shipping.ShippingViews.Settings;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.spi.Rate;
import dev.esm.platform.OperatorLocale;
import dev.esm.platform.OperatorTimeZone;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the label panel of an order's shipping page shows beside the shipment itself: the order (masked ship-to,
 * items), the package proposed for its contents, the service to preselect (the buyer's requested one, else the
 * store's default) and each rate in people's words with its delivery date against the order's dates.
 */
@Service
public class LabelPanels {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE MMM d", Locale.US);

    private final OrderQueries orders;
    private final PackageMemory packages;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ObjectProvider<OperatorTimeZone> zones;
    private final ObjectProvider<OperatorLocale> locales;

    LabelPanels(OrderQueries orders, PackageMemory packages, TransactionTemplate transactions, Clock clock,
                ObjectProvider<OperatorTimeZone> zones, ObjectProvider<OperatorLocale> locales) {
        this.orders = orders;
        this.packages = packages;
        this.transactions = transactions;
        this.clock = clock;
        this.zones = zones;
        this.locales = locales;
    }

    /**
     * @param remembered the package last used for the same contents, or null (then the weight must be entered or a
     *                   preset chosen)
     * @param service    the service code to preselect, or null for the cheapest
     * @param rates      the current shipment's rates, cheapest first, in people's words
     */
    public record LabelPanel(OrderDetails order, Remembered remembered, String service, String serviceReason,
                             List<RateChoice> rates) {
    }

    /** A rate as the panel lists it: "USPS Ground Advantage", "$6.47", "arrives Thu Dec 10, 2 days before deliver-by". */
    public record RateChoice(Rate rate, String name, String price, String arrival, boolean late, boolean selected) {
    }

    public LabelPanel panel(UUID orderId, Settings settings, Shipment current) {
        OrderDetails order = transactions.execute(tx -> {
            try {
                return orders.get(orderId);
            } catch (OrderException e) {
                throw ShippingException.notFound("order");
            }
        });
        OrderSummary o = order.summary();
        Remembered remembered = transactions.execute(tx ->
                packages.find(o.storeId(), PackageMemory.contents(order.lines())).orElse(null));
        String requested = ShippingServices.forRequested(o.requestedService());
        String service = requested != null ? requested : settings.defaultService();
        String reason = requested != null ? "the buyer asked for " + o.requestedService()
                : service != null ? "the store's default service" : null;
        List<Rate> rates = current == null ? List.of() : current.rates().stream()
                .sorted(java.util.Comparator.comparing(Rate::amount)).toList();
        boolean any = rates.stream().anyMatch(r -> r.service().equals(service));
        OperatorTimeZone zone = zones.getIfAvailable();
        OperatorLocale locale = locales.getIfAvailable();
        ZoneId in = zone == null ? ZoneOffset.UTC : zone.zone();
        Locale money = locale == null ? OperatorLocale.DEFAULT : locale.locale();
        List<RateChoice> choices = rates.stream().map(r -> choice(r, o,
                any ? r.service().equals(service) : r == rates.get(0), in, money)).toList();
        return new LabelPanel(order, remembered, service, reason, choices);
    }

    /**
     * The delivery date counts calendar days from the operator's today, and compares with the deliver-by (else
     * ship-by) date as it falls in the operator's time zone.
     */
    RateChoice choice(Rate rate, OrderSummary o, boolean selected, ZoneId zone, Locale moneyLocale) {
        String name = ShippingServices.name(rate.carrier(), rate.service());
        String price = OperatorLocale.money(rate.amount(), rate.currency(), moneyLocale);
        if (rate.deliveryDays() == null) {
            return new RateChoice(rate, name, price, "no delivery estimate", false, selected);
        }
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate arrives = today.plusDays(rate.deliveryDays());
        String text = "arrives " + DAY.format(arrives);
        boolean late = false;
        if (o.deliverBy() != null) {
            long before = ChronoUnit.DAYS.between(arrives, day(o.deliverBy(), zone));
            late = before < 0;
            text += late ? ", after the deliver-by date (" + DAY.format(day(o.deliverBy(), zone)) + ")"
                    : before == 0 ? ", on the deliver-by date" : ", " + days(before) + " before deliver-by";
        } else if (o.shipBy() != null) {
            long before = ChronoUnit.DAYS.between(arrives, day(o.shipBy(), zone));
            text += before == 0 ? ", on the ship-by date" : before > 0 ? ", " + days(before) + " before ship-by"
                    : ", " + days(-before) + " after ship-by";
        }
        return new RateChoice(rate, name, price, text, late, selected);
    }

    private static LocalDate day(Instant at, ZoneId zone) {
        return at.atZone(zone).toLocalDate();
    }

    private static String days(long n) {
        return n == 1 ? "1 day" : n + " days";
    }

    /** In US English ("$6.47"); pages write amounts in the operator's locale through {@code @money}. */
    public static String money(BigDecimal amount, String currency) {
        return OperatorLocale.money(amount, currency == null ? "USD" : currency, OperatorLocale.DEFAULT);
    }
}
