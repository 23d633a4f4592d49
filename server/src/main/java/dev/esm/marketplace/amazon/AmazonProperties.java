package dev.esm.marketplace.amazon;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param baseUrl        the SP-API endpoint; North America production by default, the sandbox simulator in tests
 * @param tokenUrl       Login with Amazon's token endpoint
 * @param clientId       the ESM app's LWA client id (from Solution Provider Portal); empty: Amazon stores cannot sync
 * @param clientSecret   the ESM app's LWA client secret
 * @param marketplaceIds the marketplaces whose orders are read (Amazon.com by default)
 * @param pageSize       orders per page (searchOrders allows 1..100)
 * @param firstSync      how far back a store's first sync reaches
 * @param overlap        each incremental window starts this much before the last one ended, so late writes are seen
 * @param requestTimeout how long one HTTP call may take
 */
@ConfigurationProperties("esm.connectors.amazon")
public record AmazonProperties(String baseUrl, String tokenUrl, String clientId, String clientSecret,
                               List<String> marketplaceIds, Integer pageSize, Duration firstSync, Duration overlap,
                               Duration requestTimeout) {

    public AmazonProperties {
        baseUrl = blank(baseUrl) ? "https://sellingpartnerapi-na.amazon.com" : baseUrl.replaceAll("/+$", "");
        tokenUrl = blank(tokenUrl) ? "https://api.amazon.com/auth/o2/token" : tokenUrl.strip();
        clientId = clientId == null ? "" : clientId.strip();
        clientSecret = clientSecret == null ? "" : clientSecret.strip();
        marketplaceIds = marketplaceIds == null || marketplaceIds.isEmpty() ? List.of("ATVPDKIKX0DER")
                : List.copyOf(marketplaceIds);
        pageSize = pageSize == null ? 100 : Math.min(100, Math.max(1, pageSize));
        firstSync = firstSync == null ? Duration.ofDays(30) : firstSync;
        overlap = overlap == null ? Duration.ofMinutes(5) : overlap;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
    }

    /** Whether the app's LWA credentials are set. */
    boolean configured() {
        return !clientId.isEmpty() && !clientSecret.isEmpty();
    }

    @Override
    public String toString() {
        return "AmazonProperties[baseUrl=" + baseUrl + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret.isEmpty() ? "(none)" : "(hidden)") + ", marketplaceIds="
                + marketplaceIds + ", pageSize=" + pageSize + ", firstSync=" + firstSync + ", overlap=" + overlap
                + ", requestTimeout=" + requestTimeout + "]";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
