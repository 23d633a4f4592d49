package dev.esm.platform.web;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat set up from {@link ProxySettings} (see ADR 0015): forwarded headers are honoured from the configured proxies
 * only (Spring Boot's own forwarded-header handling is off: {@code server.forward-headers-strategy: none}), and with a
 * public URL the connector reports that URL's scheme, host and port instead of the request's {@code Host}, so that
 * whatever builds a URL from the request (Spring Security's saved request, springdoc, Tomcat) builds the public one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProxySettings.class)
class ProxyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProxyConfiguration.class);

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> proxies(ProxySettings settings) {
        return factory -> {
            if (!settings.trustedProxies().isEmpty()) {
                factory.addEngineValves(new TrustedProxyValve(String.join(",", settings.trustedProxies())));
                log.info("X-Forwarded-For and X-Forwarded-Proto honoured from {}", settings.trustedProxies());
            }
            URI publicUrl = settings.publicUri();
            if (publicUrl != null) {
                boolean https = publicUrl.getScheme().equals("https");
                int port = publicUrl.getPort() > 0 ? publicUrl.getPort() : https ? 443 : 80;
                factory.addConnectorCustomizers(connector -> {
                    connector.setProxyName(publicUrl.getHost());
                    connector.setProxyPort(port);
                    connector.setScheme(publicUrl.getScheme());
                    connector.setSecure(https);
                });
                log.info("Public URL {}", settings.publicUrl());
            }
        };
    }
}
