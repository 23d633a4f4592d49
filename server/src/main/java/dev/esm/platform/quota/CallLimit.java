package dev.esm.platform.quota;

import java.time.Duration;
import java.util.Objects;

/**
 * A marketplace's quota for one kind of call, as a token bucket: {@code burst} calls at once, refilled at
 * {@code ratePerSecond}. Connectors declare the documented figures (see {@code shared/contracts/marketplaces.md});
 * operators may override them ({@code esm.orders.sync.quotas.<operation>.*}) and the marketplace's own rate headers
 * replace the rate of a store's bucket.
 *
 * @param operation a stable name, e.g. {@code amazon-search-orders}; also the key of the override
 * @param meteredBy what the API counts this quota by: calls of everything sharing that id share one bucket
 */
public record CallLimit(String operation, double ratePerSecond, long burst, Meter meteredBy) {

    /** A limit of each store on its own. */
    public CallLimit(String operation, double ratePerSecond, long burst) {
        this(operation, ratePerSecond, burst, Meter.STORE);
    }

    public CallLimit {
        Objects.requireNonNull(meteredBy, "meteredBy");
        if (operation == null || !operation.matches("[a-z0-9-]{1,60}")) {
            throw new IllegalArgumentException("operation must be lower-case letters, digits and dashes: " + operation);
        }
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
    }

    /** A daily quota (eBay's) as a bucket: a day's calls spread evenly, with an hour's worth at once. */
    public static CallLimit perDay(String operation, long calls) {
        return new CallLimit(operation, calls / 86_400.0, Math.max(1, calls / 24));
    }

    /** The same limit, counted by another meter. */
    public CallLimit meteredBy(Meter meter) {
        return new CallLimit(operation, ratePerSecond, burst, meter);
    }

    /** The same operation at another rate (a marketplace said so), burst unchanged. */
    public CallLimit withRate(double newRate) {
        return new CallLimit(operation, newRate, burst, meteredBy);
    }

    /** The time one call's worth of the quota takes to refill. */
    public Duration perCall() {
        return Duration.ofNanos((long) Math.ceil(1_000_000_000.0 / ratePerSecond));
    }
}
