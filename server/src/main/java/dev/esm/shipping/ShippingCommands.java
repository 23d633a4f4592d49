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
            country = countryCode(country);
            if (blank(name) && blank(company)) {
                throw ShippingException.invalid("invalid-address", "A ship-from address needs a name or a company.");
            }
            name = optional(name, "name", 100);
            company = optional(company, "company", 100);
            street2 = optional(street2, "street2", 100);
            phone = optional(phone, "phone", 30);
            if (phone != null && !PHONE.matcher(phone).matches()) {
                throw ShippingException.invalid("invalid-phone",
                        "A phone number may hold digits, spaces and + ( ) . - only (at most 30 characters).");
            }
        }
    }

    private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("[0-9 +().\\-]{1,30}");
    private static final java.util.Set<String> COUNTRIES = java.util.Set.of(Locale.getISOCountries());

    /** An ISO 3166-1 alpha-2 country code; none is the United States. */
    private static String countryCode(String raw) {
        if (blank(raw)) {
            return "US";
        }
        String code = raw.strip().toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(code)) {
            throw ShippingException.invalid("invalid-country",
                    "The country is a two-letter country code, such as US.");
        }
        return code;
    }

    /**
     * All three dimensions in inches, to hundredths and within range, or none (then all null); anything else is refused
     * with {@code invalid-dimensions}, whose message ends with what giving none means ({@code noneMeans}).
     */
    private static BigDecimal[] dimensions(BigDecimal length, BigDecimal width, BigDecimal height, String noneMeans) {
        BigDecimal[] sides = {length, width, height};
        if (length == null && width == null && height == null) {
            return sides;
        }
        for (int i = 0; i < sides.length; i++) {
            sides[i] = sides[i] == null ? null : hundredths(sides[i], MAX_DIMENSION_IN);
            if (sides[i] == null) {
                throw ShippingException.invalid("invalid-dimensions", "Give all three dimensions in inches (more than "
                        + "0 and at most 9999.99), or none " + noneMeans + ".");
            }
        }
        return sides;
    }

    public record PackageCommand(String name, BigDecimal weightOz, BigDecimal lengthIn, BigDecimal widthIn,
                                 BigDecimal heightIn) {
        public PackageCommand {
            name = required(name, "name", 60);
            weightOz = hundredths(weightOz, MAX_WEIGHT_OZ);
            if (weightOz == null) {
                throw ShippingException.invalid("invalid-weight",
                        "The weight must be more than 0 and at most 1120 oz (70 lb).");
            }
            BigDecimal[] sides = dimensions(lengthIn, widthIn, heightIn, "for a soft pack");
            lengthIn = sides[0];
            widthIn = sides[1];
            heightIn = sides[2];
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

    /**
     * Rates for the order's package: from a ship-from address, and a package preset or a parcel entered for this
     * shipment (weight, and all three dimensions or none), which wins over the preset's where given. {@code reship}: a
     * deliberate reshipment (a replacement) of a shipped or delivered order, which needs a reason (at most 200
     * characters) that is kept on the shipment and in the audit trail (ADR 0019).
     */
    public record RatesCommand(UUID shipFromId, UUID packageId, ParcelEntry parcel, boolean reship,
                               String reshipReason) {
        public RatesCommand {
            if (shipFromId == null) {
                throw ShippingException.invalid("invalid-rates-request", "Choose a ship-from address.");
            }
            if (packageId == null && (parcel == null || parcel.weightOz() == null)) {
                throw ShippingException.invalid("invalid-rates-request",
                        "Choose a package, or enter the parcel's weight.");
            }
            reshipReason = trim(reshipReason);
            if (reship && (reshipReason == null || reshipReason.length() > 200)) {
                throw ShippingException.invalid("invalid-reship-reason",
                        "Shipping again needs a reason (at most 200 characters), such as \"replacement for a lost parcel\".");
            }
            if (!reship) {
                reshipReason = null;
            }
        }

        public RatesCommand(UUID shipFromId, UUID packageId, boolean reship, String reshipReason) {
            this(shipFromId, packageId, null, reship, reshipReason);
        }

        public RatesCommand(UUID shipFromId, UUID packageId) {
            this(shipFromId, packageId, null, false, null);
        }
    }

    /**
     * A parcel entered for one shipment: the weight in pounds and ounces (either may be empty), and the dimensions in
     * inches (all three or none). Nothing entered at all is no entry ({@link #of} returns null).
     */
    public record ParcelEntry(BigDecimal weightOz, BigDecimal lengthIn, BigDecimal widthIn, BigDecimal heightIn) {
        public ParcelEntry {
            if (weightOz != null) {
                weightOz = hundredths(weightOz, MAX_WEIGHT_OZ);
                if (weightOz == null) {
                    throw ShippingException.invalid("invalid-weight",
                            "Weight must be more than 0 and at most 70 lb (1120 oz).");
                }
            }
            BigDecimal[] sides = dimensions(lengthIn, widthIn, heightIn, "to use the package's");
            lengthIn = sides[0];
            widthIn = sides[1];
            heightIn = sides[2];
        }

        /** The entry from pounds and ounces (either may be null), or null when nothing was entered. */
        public static ParcelEntry of(BigDecimal pounds, BigDecimal ounces, BigDecimal lengthIn, BigDecimal widthIn,
                                     BigDecimal heightIn) {
            if (pounds != null && (pounds.signum() < 0 || pounds.compareTo(BigDecimal.valueOf(70)) > 0)
                    || ounces != null && (ounces.signum() < 0 || ounces.compareTo(MAX_WEIGHT_OZ) > 0)) {
                throw ShippingException.invalid("invalid-weight", "Weight must be more than 0 and at most 70 lb.");
            }
            BigDecimal weight = pounds == null && ounces == null ? null
                    : (pounds == null ? BigDecimal.ZERO : pounds.multiply(BigDecimal.valueOf(16)))
                            .add(ounces == null ? BigDecimal.ZERO : ounces);
            if (weight == null && lengthIn == null && widthIn == null && heightIn == null) {
                return null;
            }
            return new ParcelEntry(weight, lengthIn, widthIn, heightIn);
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

    /** The package columns: weight numeric(8,2) up to 1120 oz, dimensions numeric(6,2). */
    static final BigDecimal MAX_WEIGHT_OZ = new BigDecimal("1120");
    static final BigDecimal MAX_DIMENSION_IN = new BigDecimal("9999.99");

    /**
     * {@code value} rounded to the column's two decimals, or null when it is outside (0, max] after rounding. The
     * range is checked before rounding too, so that no absurd exponent is ever expanded.
     */
    private static BigDecimal hundredths(BigDecimal value, BigDecimal max) {
        if (value == null || value.signum() <= 0 || value.compareTo(max) > 0) {
            return null;
        }
        BigDecimal rounded = value.setScale(2, java.math.RoundingMode.HALF_UP);
        return rounded.signum() <= 0 || rounded.compareTo(max) > 0 ? null : rounded;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trim(String s) {
        return blank(s) ? null : s.strip();
    }

    /** The fields' names in people's words, for the messages (the codes keep the field's name). */
    private static final java.util.Map<String, String> NAMES = java.util.Map.of("label", "The address's name",
            "name", "The name", "company", "The company", "street1", "The street", "street2", "Street line 2",
            "city", "The city", "state", "The state", "zip", "The ZIP code", "phone", "The phone number");

    private static String named(String field) {
        return NAMES.getOrDefault(field, field);
    }

    private static String optional(String value, String field, int max) {
        if (blank(value)) {
            return null;
        }
        if (value.strip().length() > max) {
            throw ShippingException.invalid("invalid-" + field, named(field) + " is at most " + max + " characters.");
        }
        return value.strip();
    }

    private static String required(String value, String field, int max) {
        if (blank(value)) {
            throw ShippingException.invalid("invalid-" + field, named(field) + " is required.");
        }
        if (value.strip().length() > max) {
            throw ShippingException.invalid("invalid-" + field, named(field) + " is at most " + max + " characters.");
        }
        return value.strip();
    }
}
