package dev.esm.orders;

import java.time.Instant;
import java.util.UUID;

/**
 * One sync of one store, as shown in its history. {@code error} is a short, data-free message. {@code PAUSED}: the
 * sync stopped without failing, to wait for the store's quota or its open circuit breaker; it continues by itself.
 * {@code INTERRUPTED}: the node running it died (its pages so far are kept; the next sync continues from there).
 * {@code ALREADY_RUNNING}: another sync of the store moved its cursor first, so this one stopped and left the rest to it
 * (its pages so far are kept); benign, the store's health is untouched. {@code resumesAt}: when a paused run's sync
 * continues (null otherwise).
 */
public record SyncRun(UUID id, UUID storeId, Instant startedAt, Instant finishedAt, Outcome outcome, int pages,
                      int ordersSeen, int ordersChanged, int rateLimitWaits, int retries, String error,
                      Instant resumesAt) {

    public enum Outcome { RUNNING, SUCCEEDED, FAILED, NEEDS_RECONNECT, NOT_CONNECTED, PAUSED, INTERRUPTED, ALREADY_RUNNING }
}
