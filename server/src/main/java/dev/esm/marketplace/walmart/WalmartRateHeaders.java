package dev.esm.marketplace.walmart;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Walmart's throttling headers (marketplaces.md §1.5): {@code Retry-After} (seconds) when present, else the next replenishment time, spelled
 * {@code x-next-replenish-time} or {@code X-Next-Replenishment-Time}, as epoch milliseconds or ISO-8601.
 */
final class WalmartRateHeaders {

    static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);

    private WalmartRateHeaders() {
    }

    static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.get().strip())));
            } catch (NumberFormatException ignored) {
                // an HTTP date: fall through to the replenishment time
            }
        }
        Optional<String> replenish = response.headers().firstValue("x-next-replenish-time")
                .or(() -> response.headers().firstValue("x-next-replenishment-time"));
        return replenish.map(WalmartRateHeaders::untilInstant).orElse(DEFAULT_WAIT);
    }

    /** The calls left in Walmart's bucket ({@code x-current-token-count}), when the answer says. */
    static OptionalLong tokensLeft(HttpResponse<?> response) {
        Optional<String> count = response.headers().firstValue("x-current-token-count");
        if (count.isPresent()) {
            try {
                return OptionalLong.of(Math.max(0, Long.parseLong(count.get().strip())));
            } catch (NumberFormatException ignored) {
                // not a count: ignored
            }
        }
        return OptionalLong.empty();
    }

    private static Duration untilInstant(String value) {
        try {
            Instant at = value.strip().matches("\\d+") ? Instant.ofEpochMilli(Long.parseLong(value.strip()))
                    : Instant.parse(value.strip());
            Duration wait = Duration.between(Instant.now(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException | NumberFormatException e) {
            return DEFAULT_WAIT;
        }
    }
}
