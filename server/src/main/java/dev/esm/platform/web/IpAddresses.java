package dev.esm.platform.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Whether a text is an IP address literal (IPv4 dotted quad, or IPv6 with an optional zone), checked without any name
 * lookup: the address of a peer or of a forwarded client must be an address, never a name or arbitrary text.
 */
public final class IpAddresses {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /**
     * Hex digits and colons (dots for an embedded IPv4 tail), at least one colon, then an optional zone. Such a text
     * starts with a hex digit or a colon and holds a colon, so {@link InetAddress#getByName} parses it as an IPv6
     * literal (or refuses it) and never looks it up as a name.
     */
    private static final Pattern IPV6_CHARACTERS = Pattern.compile(
            "(?=[^%]*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

    private IpAddresses() {
    }

    public static boolean isLiteral(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return false;
        }
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        if (!IPV6_CHARACTERS.matcher(text).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
