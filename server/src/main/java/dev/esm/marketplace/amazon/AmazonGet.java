package dev.esm.marketplace.amazon;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;

import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.marketplace.MarketplaceException.MarketplaceRejected;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.marketplace.MarketplaceException.RateLimited;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.marketplace.http.Permits;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;

/**
 * One SP-API GET with the store's cached LWA token, after a permit of the operation's limit: a refused token (401,
 * 403) is dropped and the call made once more with a new one; the stated rate goes to the store's bucket; failures as
 * the closed set. Shared by the orders and listings connectors.
 */
final class AmazonGet {

    private final AmazonProperties properties;
    private final AmazonHttp http;
    private final AmazonLwaClient lwa;

    AmazonGet(AmazonProperties properties, AmazonHttp http, AmazonLwaClient lwa) {
        this.properties = properties;
        this.http = http;
        this.lwa = lwa;
    }

    JsonNode get(StoreCredentials.Amazon credentials, String pathAndQuery, String operation, CallLimit limit,
                 CallPermits permits) throws MarketplaceException {
        String token = lwa.accessToken(credentials, permits);
        Permits.take(permits, limit);
        HttpResponse<String> response = http.send(request(pathAndQuery, token), operation);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            lwa.forget(credentials);
            token = lwa.accessToken(credentials, permits);
            Permits.take(permits, limit);
            response = http.send(request(pathAndQuery, token), operation);
        }
        AmazonHttp.statedRate(response).ifPresent(rate -> permits.marketplaceRate(limit, rate));
        int status = response.statusCode();
        if (status == 429) {
            permits.throttled(limit); // the bucket learns (ADR 29)
            throw new RateLimited(operation + " was throttled (HTTP 429)",
                    AmazonHttp.retryAfter(response, limit.ratePerSecond()));
        }
        if (status == 401 || status == 403) {
            throw new CredentialsExpired(operation + " refused the store's authorization (HTTP " + status
                    + http.errorCodes(response.body()) + "); reconnect the store");
        }
        if (status >= 500) {
            throw new MarketplaceUnavailable(operation + " failed with HTTP " + status, null);
        }
        if (status >= 400) {
            throw new MarketplaceRejected(operation + " was rejected with HTTP " + status
                    + http.errorCodes(response.body()));
        }
        return http.read(response, operation);
    }

    private HttpRequest request(String pathAndQuery, String accessToken) {
        return HttpRequest.newBuilder(URI.create(properties.baseUrl() + pathAndQuery))
                .timeout(properties.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "ESM/0.1 (Language=Java/" + Runtime.version().feature() + ")")
                .header("x-amz-access-token", accessToken)
                .GET().build();
    }
}
