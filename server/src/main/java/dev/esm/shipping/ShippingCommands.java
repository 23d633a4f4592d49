package dev.esm.shipping;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.UUID;

import dev.esm.shipping.spi.LabelFormat;

/** Inputs of the shipping use cases, validated on construction. */
public final class ShippingCommands {

    private ShippingCommands() {
    }

    /** USPS services the provider rates (contract 1.5). */
    public static final java.util.List<String> SERVICES = java.util.List.of("GroundAdvantage", "Priority", "Express");

    public record ShipFromCommand(String label, String name, String company, String street1, String street2,
                                  String city, String state, String zip, String country, String phone,
                                  boolean makeDefault) {
        public ShipFromCommand {
            label = required(label, "label", 60);
            street1 = required(street1, "street1", 100);
            city = required(city, "city", 60);
            state = required(state, "state", 30).toUpperCase(Locale.ROOT);
            zip = required(zip, "zip", 10);
            country = blank(country) ? "US" : country.strip().toUpperCase(Locale.ROOT);
            if (blank(name) && blank(company)) {
                throw ShippingException.invalid("invalid-address", "A ship-from address needs a name or a company.");
            }
            name = trim(name);
            company = trim(company);
            street2 = trim(street2);
            phone = trim(phone);
        }
    }

    public record PackageCommand(String name, BigDecimal weightOz, BigDecimal lengthIn, BigDecimal widthIn,
                                 BigDecimal heightIn) {
        public PackageCommand {
            name = required(name, "name", 60);
            if (weightOz == null || weightOz.signum() <= 0 || weightOz.compareTo(BigDecimal.valueOf(1120)) > 0) {
                throw ShippingException.invalid("invalid-package", "Weight must be more than 0 and at most 1120 oz.");
            }
            boolean none = lengthIn == null && widthIn == null && heightIn == null;
            boolean all = lengthIn != null && widthIn != null && heightIn != null;
            if (!none && !(all && lengthIn.signum() > 0 && widthIn.signum() > 0 && heightIn.signum() > 0)) {
                throw ShippingException.invalid("invalid-package",
                        "Give all three dimensions in inches (more than 0), or none for a soft pack.");
            }
        }
    }

    public record DefaultsCommand(String defaultService, LabelFormat labelFormat) {
        public DefaultsCommand {
            if (!blank(defaultService) && !SERVICES.contains(defaultService)) {
                throw ShippingException.invalid("invalid-service", "Service must be one of " + SERVICES + ".");
            }
            defaultService = trim(defaultService);
            labelFormat = labelFormat == null ? LabelFormat.PDF : labelFormat;
        }
    }

    /** Rates for the order's package: from a ship-from address and a package preset. */
    public record RatesCommand(UUID shipFromId, UUID packageId) {
        public RatesCommand {
            if (shipFromId == null || packageId == null) {
                throw ShippingException.invalid("invalid-rates-request", "Choose a ship-from address and a package.");
            }
        }
    }

    public record BuyCommand(String rateId) {
        public BuyCommand {
            if (blank(rateId) || rateId.length() > 100) {
                throw ShippingException.invalid("invalid-rate", "Choose one of the rates.");
            }
            rateId = rateId.strip();
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trim(String s) {
        return blank(s) ? null : s.strip();
    }

    private static String required(String value, String field, int max) {
        if (blank(value) || value.strip().length() > max) {
            throw ShippingException.invalid("invalid-" + field, field + " is required (at most " + max + " characters).");
        }
        return value.strip();
    }
}
