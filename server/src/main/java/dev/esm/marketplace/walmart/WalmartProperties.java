package dev.esm.marketplace.walmart;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param baseUrl        the Marketplace API host; production by default, the sandbox simulator in demo and tests
 * @param serviceName    sent as WM_SVC.NAME
 * @param pageSize       orders per page (Walmart allows at most 200)
 * @param firstSync      how far back a store's first sync reaches (Walmart keeps 180 days)
 * @param overlap        each incremental window starts this much before the last one ended, so late writes are seen
 * @param requestTimeout how long one HTTP call may take
 * @param window         the longest stretch of last-modified time one query covers (Walmart answers at most 10,000
 *                       orders per query)
 */
@ConfigurationProperties("esm.connectors.walmart")
public record WalmartProperties(String baseUrl, String serviceName, Integer pageSize, Duration firstSync,
                                Duration overlap, Duration requestTimeout, Duration window) {

    public WalmartProperties {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "https://marketplace.walmartapis.com" : baseUrl.replaceAll("/+$", "");
        serviceName = serviceName == null ? "Walmart Marketplace" : serviceName;
        pageSize = pageSize == null ? 200 : Math.min(200, Math.max(1, pageSize));
        firstSync = firstSync == null ? Duration.ofDays(30) : firstSync;
        overlap = overlap == null ? Duration.ofMinutes(5) : overlap;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        window = window == null ? Duration.ofDays(1) : window;
    }
}
