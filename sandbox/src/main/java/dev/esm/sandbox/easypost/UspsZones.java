package dev.esm.sandbox.easypost;

/**
 * A plausible USPS zone (1..8) from the 3-digit prefixes of two ZIP codes. USPS publishes zone charts per origin
 * prefix; the sandbox approximates them: each prefix gets a point near the centre of its national area (first ZIP
 * digit), nudged by the other two digits, and the great-circle distance falls into USPS's zone bands (<= 50 miles
 * zone 1, 150: 2, 300: 3, 600: 4, 1000: 5, 1400: 6, 1800: 7, beyond: 8). Same prefix is zone 1.
 */
public final class UspsZones {

    /** Rough centres (latitude, longitude) of the ten national ZIP areas 0..9. */
    private static final double[][] AREA = {
        {42.0, -72.0}, {41.5, -76.5}, {37.5, -79.0}, {32.5, -85.0}, {40.5, -84.5},
        {45.0, -94.0}, {39.5, -94.5}, {32.0, -97.0}, {39.5, -110.0}, {39.0, -121.0},
    };

    private static final int[] BANDS = {50, 150, 300, 600, 1000, 1400, 1800};

    private UspsZones() {
    }

    public static int zone(String fromZip, String toZip) {
        String a = prefix(fromZip);
        String b = prefix(toZip);
        if (a == null || b == null) {
            return 8;
        }
        if (a.equals(b)) {
            return 1;
        }
        double miles = miles(point(a), point(b));
        for (int i = 0; i < BANDS.length; i++) {
            if (miles <= BANDS[i]) {
                return i + 1;
            }
        }
        return 8;
    }

    /** Approximate location of a 3-digit prefix, also used for verified addresses' latitude/longitude. */
    static double[] point(String prefix3) {
        double[] area = AREA[prefix3.charAt(0) - '0'];
        int rest = Integer.parseInt(prefix3.substring(1));
        // spread the 100 prefixes of an area over a ~6 x 8 degree box around its centre
        double lat = area[0] + ((rest / 10) - 4.5) * 0.6;
        double lon = area[1] + ((rest % 10) - 4.5) * 0.8;
        return new double[] {lat, lon};
    }

    static String prefix(String zip) {
        if (zip == null) {
            return null;
        }
        String digits = zip.trim();
        return digits.length() >= 5 && digits.substring(0, 5).matches("\\d{5}") ? digits.substring(0, 3) : null;
    }

    private static double miles(double[] p, double[] q) {
        double lat1 = Math.toRadians(p[0]);
        double lat2 = Math.toRadians(q[0]);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(q[1] - p[1]);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 3958.8 * 2 * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** IANA time zone for a ZIP's national area (rough; for address verification details). */
    static String timeZone(String zip) {
        String p = prefix(zip);
        if (p == null) {
            return "America/New_York";
        }
        return switch (p.charAt(0)) {
            case '0', '1', '2', '3', '4' -> "America/New_York";
            case '5', '6', '7' -> "America/Chicago";
            case '8' -> p.startsWith("85") ? "America/Phoenix" : "America/Denver";
            default -> "America/Los_Angeles";
        };
    }
}
