package dev.esm.platform.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How ESM meets the network in front of it.
 *
 * @param publicUrl      the address users reach ESM at ({@code ESM_PUBLIC_URL}, e.g. {@code https://esm.example.com}):
 *                       the scheme, host and port every URL built from a request uses, whatever the {@code Host}
 *                       header says. Empty: redirects are relative, so that no {@code Host} is ever reflected.
 * @param trustedProxies the reverse proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} ESM honours
 *                       ({@code ESM_TRUSTED_PROXIES}: IP addresses or CIDR ranges, comma-separated). Empty: those
 *                       headers are ignored from everyone, and the client's address is the connection's peer.
 */
@ConfigurationProperties("esm.web")
public record ProxySettings(String publicUrl, List<String> trustedProxies) {

    public ProxySettings {
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : checkedPublicUrl(publicUrl.strip());
        List<String> proxies = new ArrayList<>();
        for (String proxy : trustedProxies == null ? List.<String>of() : trustedProxies) {
            if (proxy != null && !proxy.isBlank()) {
                proxies.add(cidr(proxy.strip()));
            }
        }
        trustedProxies = List.copyOf(proxies);
    }

    /** The public URL as a URI, if one is set. */
    public URI publicUri() {
        return publicUrl == null ? null : URI.create(publicUrl);
    }

    private static String checkedPublicUrl(String raw) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw invalidUrl(raw);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean rootPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || !rootPath || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalidUrl(raw);
        }
        return scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException invalidUrl(String raw) {
        return new IllegalArgumentException("ESM_PUBLIC_URL must be an http or https URL with a host and nothing after "
                + "it, such as https://esm.example.com (got '" + raw + "')");
    }

    /** An address or a CIDR range, as a CIDR range ({@code 10.0.0.5} becomes {@code 10.0.0.5/32}). */
    private static String cidr(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        if (!IpAddresses.isLiteral(address) || address.contains("%")) {
            throw invalidProxy(entry);
        }
        int max = address.contains(":") ? 128 : 32;
        if (slash < 0) {
            return address + "/" + max;
        }
        String bits = entry.substring(slash + 1);
        if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > max) {
            throw invalidProxy(entry);
        }
        return address + "/" + Integer.parseInt(bits);
    }

    private static IllegalArgumentException invalidProxy(String entry) {
        return new IllegalArgumentException("ESM_TRUSTED_PROXIES takes IP addresses and CIDR ranges, such as "
                + "10.0.0.5,192.168.1.0/24 (got '" + entry + "')");
    }
}
