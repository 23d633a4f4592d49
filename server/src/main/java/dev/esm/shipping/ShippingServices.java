package dev.esm.shipping;

import java.util.Locale;
import java.util.Map;

/**
 * The USPS services in people's words ("USPS Ground Advantage", not the provider's {@code GroundAdvantage}), and which
 * of them answers the service a buyer asked for on the marketplace ("Expedited", "NextDay", "Standard", ...).
 */
public final class ShippingServices {

    private static final Map<String, String> NAMES = Map.of(
            "GroundAdvantage", "USPS Ground Advantage",
            "Priority", "USPS Priority Mail",
            "Express", "USPS Priority Mail Express",
            "First", "USPS First-Class Mail",
            "ParcelSelect", "USPS Parcel Select",
            "MediaMail", "USPS Media Mail");

    private ShippingServices() {
    }

    /** The service's name for people; an unknown code is shown with its carrier as the provider sent it. */
    public static String name(String carrier, String service) {
        if (service == null) {
            return carrier == null ? "" : carrier;
        }
        String known = NAMES.get(service);
        if (known != null && (carrier == null || "USPS".equalsIgnoreCase(carrier))) {
            return known;
        }
        return (carrier == null ? "" : carrier + " ") + service;
    }

    /** The name of a USPS service code (settings, batches). */
    public static String name(String service) {
        return name("USPS", service);
    }

    /**
     * The USPS service matching the buyer's requested service, or null when it says nothing usable: next-day and
     * one-day → Express; two-day, second-day, expedited and priority → Priority; standard, economy, value and free →
     * Ground Advantage.
     */
    public static String forRequested(String requested) {
        if (requested == null || requested.isBlank()) {
            return null;
        }
        String r = requested.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (r.contains("nextday") || r.contains("oneday") || r.contains("overnight") || r.contains("express")) {
            return "Express";
        }
        if (r.contains("twoday") || r.contains("2day") || r.contains("secondday") || r.contains("expedited")
                || r.contains("priority") || r.contains("rush")) {
            return "Priority";
        }
        if (r.contains("standard") || r.contains("economy") || r.contains("value") || r.contains("free")
                || r.contains("ground") || r.contains("scheduled") || r.startsWith("std")) {
            return "GroundAdvantage";
        }
        return null;
    }
}
