package dev.esm.sandbox.easypost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Invented but plausible USPS prices: they grow with the billable weight (ounce tiers under a pound for Ground
 * Advantage, whole pounds otherwise, dimensional weight for parcels over one cubic foot) and with the zone. Not USPS's
 * price list.
 */
public final class UspsRates {

    /** One offered service. */
    public record Service(String name, String serviceTypeCode, String bannerText, char icon, int minDays,
                          int maxDays, boolean guaranteed) {
    }

    public static final Service GROUND_ADVANTAGE =
            new Service("GroundAdvantage", "001", "USPS GROUND ADVANTAGE", 'G', 2, 5, false);
    public static final Service PRIORITY = new Service("Priority", "055", "USPS PRIORITY MAIL", 'P', 1, 3, false);
    public static final Service EXPRESS =
            new Service("Express", "701", "USPS PRIORITY MAIL EXPRESS", 'E', 1, 2, true);
    public static final List<Service> SERVICES = List.of(GROUND_ADVANTAGE, PRIORITY, EXPRESS);

    /** USPS's 70 lb limit. */
    public static final double MAX_WEIGHT_OZ = 70 * 16;

    private UspsRates() {
    }

    public static Service service(String name) {
        for (Service s : SERVICES) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }

    /** The commercial rate in dollars (two decimals). */
    public static BigDecimal price(Service service, double weightOz, double length, double width, double height,
                                   int zone) {
        double pounds = Math.ceil(Math.max(weightOz, 0.1) / 16.0);
        double cubic = length * width * height;
        if (cubic > 1728 && service != EXPRESS) {
            pounds = Math.max(pounds, Math.ceil(cubic / 166.0));
        }
        double price;
        if (service == GROUND_ADVANTAGE) {
            if (weightOz <= 15.99 && pounds <= 1) {
                double tier = Math.ceil(Math.max(weightOz, 0.1) / 4.0); // 4, 8, 12, 15.99 oz
                price = 4.25 + 0.45 * tier + 0.22 * zone;
            } else {
                price = 6.40 + 0.85 * pounds + zone * (0.45 + 0.30 * pounds);
            }
        } else if (service == PRIORITY) {
            price = 8.10 + 0.80 * zone + pounds * (0.95 + 0.42 * zone);
        } else {
            price = 27.50 + 2.10 * zone + pounds * (2.25 + 0.85 * zone);
        }
        return BigDecimal.valueOf(price).setScale(2, RoundingMode.HALF_UP);
    }

    /** Days in transit for a zone within the service's range. */
    public static int deliveryDays(Service service, int zone) {
        int span = service.maxDays() - service.minDays();
        return service.minDays() + (int) Math.round(span * (zone - 1) / 7.0);
    }
}
