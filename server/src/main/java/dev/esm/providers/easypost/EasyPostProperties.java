package dev.esm.providers.easypost;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param baseUrl        EasyPost's API host without {@code /v2}; production by default, the sandbox simulator in demo
 *                       mode and tests
 * @param requestTimeout how long one HTTP call may take; a buy that takes longer has an unknown outcome and is
 *                       resolved by reading the shipment back
 */
@ConfigurationProperties("esm.connectors.easypost")
public record EasyPostProperties(String baseUrl, Duration requestTimeout) {

    public EasyPostProperties {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "https://api.easypost.com" : baseUrl.replaceAll("/+$", "");
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
    }
}
