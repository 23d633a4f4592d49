package dev.esm.marketplace.http;

import dev.esm.marketplace.MarketplaceException.RateLimited;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.platform.quota.QuotaExhausted;

/** A connector's permit before a call: the platform's {@link QuotaExhausted} becomes the marketplace's {@link RateLimited}. */
public final class Permits {

    private Permits() {
    }

    public static void take(CallPermits permits, CallLimit limit) throws RateLimited {
        try {
            permits.take(limit);
        } catch (QuotaExhausted e) {
            throw new RateLimited(e.getMessage(), e.retryAfter());
        }
    }
}
