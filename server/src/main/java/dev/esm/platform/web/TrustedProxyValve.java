package dev.esm.platform.web;

import java.io.IOException;
import java.util.Enumeration;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.RemoteIpValve;

/**
 * Tomcat's {@link RemoteIpValve} for the configured proxies only (their CIDR ranges are its internal proxies; there is
 * no other list), honouring {@code X-Forwarded-For} and {@code X-Forwarded-Proto} and nothing else (not
 * {@code X-Forwarded-Host} nor {@code -Port}). An {@code X-Forwarded-For} with anything but IP addresses in it (a
 * name, {@code unknown}, an address with a port, text) is dropped as a whole, so that the client's address is then the
 * proxy's own: whatever a proxy passes on, the address ESM throttles by and writes to the audit trail is an address.
 */
class TrustedProxyValve extends RemoteIpValve {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String FORWARDED_PROTO = "X-Forwarded-Proto";

    TrustedProxyValve(String cidrs) {
        setInternalProxies(cidrs);
        setTrustedProxies(null);
        setRemoteIpHeader(FORWARDED_FOR);
        setProtocolHeader(FORWARDED_PROTO);
        setHostHeader(null);
        setPortHeader(null);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (!onlyAddresses(request.getHeaders(FORWARDED_FOR))) {
            request.getCoyoteRequest().getMimeHeaders().removeHeader(FORWARDED_FOR);
        }
        super.invoke(request, response);
    }

    private static boolean onlyAddresses(Enumeration<String> values) {
        while (values != null && values.hasMoreElements()) {
            for (String entry : values.nextElement().split(",", -1)) {
                if (!IpAddresses.isLiteral(entry.strip())) {
                    return false;
                }
            }
        }
        return true;
    }
}
