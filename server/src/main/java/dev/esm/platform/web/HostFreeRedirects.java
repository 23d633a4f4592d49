package dev.esm.platform.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No redirect names the host the request claimed to be for. Tomcat is set to send relative redirects, but some code
 * builds an absolute URL from the request itself (Spring Security's saved request after sign-in, springdoc's UI
 * redirect), and without a public URL the request's host is its {@code Host} header. Such an absolute
 * {@code Location} back to this server becomes relative, or, with {@code ESM_PUBLIC_URL} set, absolute under the
 * public URL. Redirects elsewhere (a marketplace's consent page) are left as they are.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class HostFreeRedirects extends OncePerRequestFilter {

    private final URI publicUrl;

    HostFreeRedirects(ProxySettings settings) {
        this.publicUrl = settings.publicUri();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void sendRedirect(String location) throws IOException {
                super.sendRedirect(rewrite(request, location));
            }

            @Override
            public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
                super.sendRedirect(rewrite(request, location), sc, clearBuffer);
            }

            @Override
            public void setHeader(String name, String value) {
                super.setHeader(name, isLocation(name) ? rewrite(request, value) : value);
            }

            @Override
            public void addHeader(String name, String value) {
                super.addHeader(name, isLocation(name) ? rewrite(request, value) : value);
            }
        });
    }

    private static boolean isLocation(String name) {
        return HttpHeaders.LOCATION.equalsIgnoreCase(name);
    }

    /** An absolute URL to this server (as the request names it) as a path, or under the public URL. */
    String rewrite(HttpServletRequest request, String location) {
        if (location == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            return location;
        }
        if (!uri.isAbsolute() || uri.getHost() == null || !toThisServer(request, uri)) {
            return location;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String relative = path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        return publicUrl == null ? relative : publicUrl.getScheme() + "://" + publicUrl.getRawAuthority() + relative;
    }

    private static boolean toThisServer(HttpServletRequest request, URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        return uri.getHost().equalsIgnoreCase(request.getServerName()) && port == request.getServerPort();
    }
}
