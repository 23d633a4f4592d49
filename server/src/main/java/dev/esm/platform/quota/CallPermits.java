package dev.esm.platform.quota;

/**
 * Shared quotas, as the sync engine hands them to a connector for one fetch (or a label batch to its provider): the connector takes a permit
 * before each marketplace call and reports what the marketplace says about its quota. Permits come from token
 * buckets in PostgreSQL shared by every node, so the nodes together stay within the quota.
 */
public interface CallPermits {

    /** Permits that never wait: for tests of a connector's wire format alone. */
    CallPermits UNLIMITED = new CallPermits() {
        @Override
        public void take(CallLimit limit) {
        }

        @Override
        public void marketplaceRate(CallLimit limit, double ratePerSecond) {
        }

        @Override
        public void marketplaceTokens(CallLimit limit, long tokensLeft) {
        }
    };

    /**
     * The API answered 429 although a permit was taken: it allows less than the bucket thinks (another client on the
     * same account or key, or a smaller plan). The bucket slows down; by default nothing happens.
     */
    default void throttled(CallLimit limit) {
    }

    /**
     * The API answered the call (no 429) and stated no rate of its own: a bucket that learned from a 429 climbs back
     * towards its configured rate. By default nothing happens.
     */
    default void answered(CallLimit limit) {
    }

    /**
     * Takes one call of the quota, waiting for it when the bucket is empty, but never longer than the engine allows.
     *
     * @throws QuotaExhausted when the next call is further away than that; {@code retryAfter} says when it is allowed
     */
    void take(CallLimit limit) throws QuotaExhausted;

    /** The marketplace stated the rate it applies (e.g. Amazon's {@code x-amzn-RateLimit-Limit}, calls per second). */
    void marketplaceRate(CallLimit limit, double ratePerSecond);

    /** The marketplace stated how many calls are left (e.g. Walmart's {@code x-current-token-count}). */
    void marketplaceTokens(CallLimit limit, long tokensLeft);
}
