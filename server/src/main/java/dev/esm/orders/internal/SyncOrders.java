package dev.esm.orders.internal;

import dev.esm.platform.quota.QuotaBuckets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.orders.internal.OrderWriter;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.CallPermits;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.marketplace.MarketplaceException.RateLimited;
import dev.esm.marketplace.OrderPage;
import dev.esm.marketplace.OrderSource;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Store;
import dev.esm.marketplace.Marketplaces;
import dev.esm.stores.Stores;
import dev.esm.orders.SyncHistory;
import dev.esm.orders.SyncOutcome;
import dev.esm.orders.SyncProperties;
import dev.esm.orders.SyncRun;

/**
 * Syncs one store's orders: page after page from its marketplace, each page written in one transaction together with
 * the cursor it ends at, so that a crash repeats at most one page of orders (and a few empty pages, whose cursor waits
 * for the next page's transaction) and the repeat changes nothing. Runs acting for the
 * store's owner. Its progress (pages, orders seen and changed, waits) is written with each page, so any node can
 * show it live. Every marketplace call first takes a permit from the store's shared quota ({@link QuotaBuckets});
 * unavailable marketplaces are retried with exponential backoff and jitter; a 429 waits as long as the marketplace
 * asks; a wait longer than {@code max-rate-wait} pauses the sync until its next run; refused credentials stop the sync
 * and mark the store for reconnection. After {@code breaker-failures} failed syncs in a row the store's circuit
 * breaker opens: its syncs call nothing for {@code breaker-cool-down}. Each run ends by deciding when the next one
 * is due, from the store's quota ({@link #nextSyncAt}).
 */
@Service
public class SyncOrders {

    private static final Logger log = LoggerFactory.getLogger(SyncOrders.class);

    private final Stores stores;
    private final OrderWriter writer;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SyncProperties properties;
    private final Map<Marketplace, OrderSource> sources;
    private final Clock clock;
    private final QuotaBuckets quotas;

    /** A poll uses at most this share of the quota's rate: the rest is for backfills and retries. */
    private static final double PACE_MARGIN = 1.25;
    /** Empty pages in a row whose cursor may wait for the next page's transaction; then it is written anyway. */
    public static final int MAX_DEFERRED_EMPTY_PAGES = 16;

    SyncOrders(Stores stores, OrderWriter writer, JdbcClient jdbc, TransactionTemplate transactions,
               SyncProperties properties, Marketplaces marketplaces, Clock clock, QuotaBuckets quotas) {
        this.quotas = quotas;
        this.stores = stores;
        this.writer = writer;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.sources = marketplaces.orderSources().stream().collect(Collectors.toMap(OrderSource::marketplace, Function.identity()));
        this.clock = clock;
    }

    /**
     * Syncs the store up to now; the acting operator must be the store's owner. Does not start while another sync of
     * the store is running (its run is {@code RUNNING} in the history), and stops if another moves the store's cursor
     * first: {@link SyncOutcome.AlreadyRunning} either way.
     */
    public SyncOutcome sync(UUID storeId) {
        Store store = stores.get(storeId);
        UUID runId = UUID.randomUUID();
        Instant now = clock.instant();
        Optional<Instant> runningSince = start(storeId, runId, now);
        if (runningSince.isPresent()) {
            log.debug("Sync of store {} not started: another sync of it is running since {}", storeId,
                    runningSince.get());
            return new SyncOutcome.AlreadyRunning(storeId, runningSince.get(), Optional.empty());
        }
        Counters counters = new Counters();
        SyncRun.Outcome outcome = SyncRun.Outcome.SUCCEEDED;
        String error = null;
        boolean unavailable = false;
        boolean unexpected = false;
        Instant resumeAt = null;
        OrderSource source = sources.get(store.marketplace());
        Instant openUntil = breakerOpenUntil(storeId);
        try {
            if (openUntil != null && openUntil.isAfter(now)) {
                outcome = SyncRun.Outcome.PAUSED;
                error = "Paused after failed syncs in a row (circuit breaker): nothing is sent to "
                        + store.marketplace().displayName();
                resumeAt = openUntil;
            } else if (!store.credentialsSet() || source == null) {
                outcome = SyncRun.Outcome.NOT_CONNECTED;
                error = !store.credentialsSet() ? "The store is not connected to its marketplace."
                        : "No connector for " + store.marketplace().displayName() + " yet.";
            } else {
                pages(storeId, source, now, counters, runId);
            }
        } catch (CredentialsExpired e) {
            outcome = SyncRun.Outcome.NEEDS_RECONNECT;
            error = e.getMessage();
        } catch (RateLimited e) {
            outcome = SyncRun.Outcome.PAUSED;
            resumeAt = clock.instant().plus(e.retryAfter());
            error = "Waiting for " + store.marketplace().displayName() + "'s order quota";
        } catch (MarketplaceUnavailable e) {
            outcome = SyncRun.Outcome.FAILED;
            error = e.getMessage();
            unavailable = true;
        } catch (MarketplaceException e) {
            outcome = SyncRun.Outcome.FAILED;
            error = e.getMessage();
        } catch (ConcurrentSync e) {
            outcome = SyncRun.Outcome.ALREADY_RUNNING;
            error = e.getMessage();
        } catch (RuntimeException e) {
            outcome = SyncRun.Outcome.FAILED;
            error = "Sync failed inside ESM (" + e.getClass().getSimpleName() + ")";
            unexpected = true;
            log.error("Sync of store {} failed: {}", storeId, e.getClass().getName());
        }
        Pace pace = outcome == SyncRun.Outcome.ALREADY_RUNNING ? null : pace(storeId, source, outcome, resumeAt);
        SyncRun run = finish(runId, storeId, outcome, error, resumeAt, counters, unavailable, pace);
        SyncOutcome result = switch (outcome) {
            case SUCCEEDED -> new SyncOutcome.Synced(run);
            case PAUSED -> new SyncOutcome.Paused(run, resumeAt, error);
            case NEEDS_RECONNECT, NOT_CONNECTED -> new SyncOutcome.Refused(run, error);
            case ALREADY_RUNNING -> new SyncOutcome.AlreadyRunning(storeId, rivalSince(storeId, runId)
                    .orElse(run.finishedAt()), Optional.of(run));
            default -> new SyncOutcome.Failed(run, error, unexpected);
        };
        // expected endings are INFO; only a failure is a WARN (and an unexpected one was logged at ERROR above)
        Level level = result instanceof SyncOutcome.Failed ? Level.WARN : Level.INFO;
        log.atLevel(level).log("Sync of store {}: {} ({} pages, {} orders seen, {} changed, {} rate-limit waits, "
                        + "{} retries; {} ms fetching, {} ms writing)", storeId, outcome, counters.pages,
                counters.seen, counters.changed, counters.rateWaits, counters.retries,
                counters.fetchNanos / 1_000_000, counters.writeNanos / 1_000_000);
        return result;
    }

    /** Since when the other sync of the store runs; empty when it has finished already. */
    private Optional<Instant> rivalSince(UUID storeId, UUID runId) {
        return transactions.execute(status -> jdbc.sql("""
                        select started_at from sync_run where store_id = ? and outcome = 'RUNNING' and id <> ?
                         order by started_at limit 1""")
                .params(storeId, runId).query(java.sql.Timestamp.class).optional().map(java.sql.Timestamp::toInstant));
    }

    /**
     * Records the run as {@code RUNNING}, unless another run of the store is: then records nothing and answers since
     * when that one runs. The store's {@code order_sync} row is locked for the check, so of two syncs starting at once
     * one starts. A run left {@code RUNNING} by a dead node counts as running until it is closed as
     * {@code INTERRUPTED} (by the node taking over the store's sync task, or by the reconcile task).
     */
    private Optional<Instant> start(UUID storeId, UUID runId, Instant now) {
        return transactions.execute(status -> {
            jdbc.sql("insert into order_sync (store_id) values (?) on conflict (store_id) do nothing").param(storeId).update();
            jdbc.sql("select store_id from order_sync where store_id = ? for update").param(storeId).query(UUID.class)
                    .single();
            Optional<Instant> running = jdbc.sql("""
                            select started_at from sync_run where store_id = ? and outcome = 'RUNNING'
                             order by started_at limit 1""")
                    .param(storeId).query(java.sql.Timestamp.class).optional().map(java.sql.Timestamp::toInstant);
            if (running.isEmpty()) {
                jdbc.sql("insert into sync_run (id, store_id, started_at, outcome) values (?, ?, ?, 'RUNNING')")
                        .params(runId, storeId, java.sql.Timestamp.from(now)).update();
            }
            return running;
        });
    }

    private void pages(UUID storeId, OrderSource source, Instant now, Counters counters,
                       UUID runId) throws MarketplaceException {
        QuotaBuckets.StorePermits permits = quotas.permits(storeId);
        // read once: after that the stored cursor is the one this sync wrote last (the update checks it still is)
        String stored = transactions.execute(status -> jdbc.sql("select cursor from order_sync where store_id = ?")
                .param(storeId).query(String.class).optional().orElse(null));
        String cursor = stored;
        int deferred = 0;
        try {
            while (true) {
                long fetchStart = System.nanoTime();
                OrderPage page;
                try {
                    page = fetchWithRetries(source, storeId, cursor, now, counters, permits);
                } finally {
                    counters.rateWaits += permits.drainWaits();
                }
                long writeStart = System.nanoTime();
                counters.fetchNanos += writeStart - fetchStart;
                if (page.orders().isEmpty() && !page.windowComplete() && deferred < MAX_DEFERRED_EMPTY_PAGES) {
                    // an empty page has nothing to write: its cursor goes with the next page's transaction (a crash
                    // in between repeats empty pages only, which changes nothing)
                    counters.pages++;
                    cursor = page.nextCursor();
                    deferred++;
                    continue;
                }
                String from = stored;
                transactions.execute(status -> {
                    int written = writer.write(storeId, page.orders());
                    counters.pages++;
                    counters.seen += page.orders().size();
                    counters.changed += written;
                    moveCursor(storeId, from, page.nextCursor(), counters, runId);
                    return written;
                });
                stored = cursor = page.nextCursor();
                deferred = 0;
                counters.writeNanos += System.nanoTime() - writeStart;
                if (page.windowComplete()) {
                    return;
                }
            }
        } finally {
            if (deferred > 0) {
                keepDeferred(storeId, stored, cursor, counters, runId);
            }
        }
    }

    /**
     * Moves the store's cursor from {@code from} to {@code to} and records the run's progress, in one statement;
     * {@link ConcurrentSync} when another sync moved the cursor first.
     */
    private void moveCursor(UUID storeId, String from, String to, Counters counters, UUID runId) {
        int moved = jdbc.sql("""
                        with moved as (
                            update order_sync set cursor = ?, updated_at = now()
                             where store_id = ? and cursor is not distinct from ? returning store_id)
                        update sync_run set pages = ?, orders_seen = ?, orders_changed = ?,
                               rate_limit_waits = ?, retries = ?
                         where id = ? and exists (select from moved)""")
                .params(to, storeId, from, counters.pages, counters.seen, counters.changed, counters.rateWaits,
                        counters.retries, runId).update();
        if (moved != 1) {
            throw new ConcurrentSync();
        }
    }

    /** The cursor past empty pages not yet written, when the sync stops before another page is written. */
    private void keepDeferred(UUID storeId, String from, String to, Counters counters, UUID runId) {
        try {
            transactions.executeWithoutResult(status -> moveCursor(storeId, from, to, counters, runId));
        } catch (RuntimeException e) {
            // another sync moved on, or the database failed: the empty pages are fetched again next time
            log.debug("Store {}: cursor past empty pages not kept ({})", storeId, e.getClass().getSimpleName());
        }
    }

    private OrderPage fetchWithRetries(OrderSource source, UUID storeId, String cursor, Instant now,
                                       Counters counters, CallPermits permits) throws MarketplaceException {
        int attempt = 0;
        while (true) {
            try {
                return source.fetch(storeId, cursor, now, permits);
            } catch (RateLimited e) {
                if (e.retryAfter().compareTo(properties.maxRateWait()) > 0) {
                    throw e;
                }
                counters.rateWaits++;
                sleep(e.retryAfter().plusMillis(ThreadLocalRandom.current().nextLong(50, 250)));
            } catch (MarketplaceUnavailable e) {
                attempt++;
                if (attempt >= properties.maxAttempts()) {
                    throw e;
                }
                counters.retries++;
                sleep(backoff(attempt));
            }
        }
    }

    private Duration backoff(int attempt) {
        long base = properties.firstBackoff().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, properties.maxBackoff().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private SyncRun finish(UUID runId, UUID storeId, SyncRun.Outcome outcome, String error, Instant resumeAt,
                           Counters counters, boolean unavailable, Pace pace) {
        return transactions.execute(status -> {
            jdbc.sql("""
                            update sync_run set finished_at = now(), outcome = ?, pages = ?, orders_seen = ?,
                                   orders_changed = ?, rate_limit_waits = ?, retries = ?, error = ?, resumes_at = ?
                             where id = ?""")
                    .params(outcome.name(), counters.pages, counters.seen, counters.changed, counters.rateWaits,
                            counters.retries, error, resumeAt == null ? null : java.sql.Timestamp.from(resumeAt), runId)
                    .update();
            if (outcome == SyncRun.Outcome.SUCCEEDED) {
                jdbc.sql("""
                                update order_sync set last_success_at = now(), last_error = null, problem = null,
                                       consecutive_failures = 0, breaker_open_until = null where store_id = ?""")
                        .param(storeId).update();
            } else if (unavailable) {
                breakerFailure(storeId, error);
            } else if (outcome == SyncRun.Outcome.ALREADY_RUNNING) {
                // the other sync keeps the store's health and decides its next sync
                return jdbc.sql("select * from sync_run where id = ?").param(runId).query(SyncHistory::run).single();
            } else if (outcome != SyncRun.Outcome.PAUSED) {
                jdbc.sql("update order_sync set last_error = ?, problem = ? where store_id = ?")
                        .params(error, outcome.name(), storeId).update();
            }
            Instant next = pace.next();
            Instant openUntil = jdbc.sql("select breaker_open_until from order_sync where store_id = ?").param(storeId)
                    .query(java.sql.Timestamp.class).optional().map(java.sql.Timestamp::toInstant).orElse(null);
            if (openUntil != null && openUntil.isAfter(next)) {
                next = openUntil;
            }
            jdbc.sql("update order_sync set poll_interval_ms = ?, next_sync_at = ? where store_id = ?")
                    .params(pace.interval().toMillis(), java.sql.Timestamp.from(next), storeId).update();
            return jdbc.sql("select * from sync_run where id = ?").param(runId).query(SyncHistory::run).single();
        });
    }

    /**
     * One more failed sync in a row (marketplace unavailable); at {@code breaker-failures} the breaker opens for
     * {@code breaker-cool-down}. A sync after the cool-down that fails again reopens it at once.
     */
    private void breakerFailure(UUID storeId, String error) {
        int failures = jdbc.sql("""
                        update order_sync set consecutive_failures = consecutive_failures + 1
                         where store_id = ? returning consecutive_failures""")
                .param(storeId).query(Integer.class).single();
        if (failures >= properties.breakerFailures()) {
            Instant until = clock.instant().plus(properties.breakerCoolDown());
            jdbc.sql("update order_sync set breaker_open_until = ?, problem = 'CIRCUIT_OPEN', last_error = ? where store_id = ?")
                    .params(java.sql.Timestamp.from(until), "Paused after " + failures + " failed syncs in a row: "
                            + error, storeId)
                    .update();
            log.warn("Store {}: circuit breaker open until {} after {} failed syncs in a row", storeId, until, failures);
        } else {
            jdbc.sql("update order_sync set last_error = ?, problem = 'FAILED' where store_id = ?")
                    .params(error, storeId).update();
        }
    }

    private Instant breakerOpenUntil(UUID storeId) {
        return transactions.execute(status -> jdbc.sql("select breaker_open_until from order_sync where store_id = ?")
                .param(storeId).query(java.sql.Timestamp.class).optional().map(java.sql.Timestamp::toInstant)
                .orElse(null));
    }

    /**
     * When the store's next sync is due: its poll interval is the time its order-listing quota takes to refill one
     * call (with a margin), never shorter than {@code min-interval} nor longer than {@code interval}; and never before
     * the quota allows a call, a pause asked for, or the breaker closes. {@code reconnect-interval} while the store
     * must be reconnected.
     */
    private Pace pace(UUID storeId, OrderSource source, SyncRun.Outcome outcome, Instant resumeAt) {
        Instant now = clock.instant();
        if (outcome == SyncRun.Outcome.NEEDS_RECONNECT || outcome == SyncRun.Outcome.NOT_CONNECTED) {
            return new Pace(properties.reconnectInterval(), now.plus(properties.reconnectInterval()));
        }
        Duration interval = properties.interval();
        Instant next = now.plus(interval);
        if (source != null) {
            try {
                CallLimit limit = quotas.effective(storeId, source.orderCalls());
                Duration paced = Duration.ofNanos((long) (limit.perCall().toNanos() * PACE_MARGIN));
                interval = max(properties.minInterval(), paced.compareTo(interval) < 0 ? paced : interval);
                next = now.plus(max(interval, quotas.untilAvailable(storeId, source.orderCalls())));
            } catch (RuntimeException e) {
                log.warn("Store {}: quota unreadable ({}); next sync after the configured interval", storeId,
                        e.getClass().getSimpleName());
            }
        }
        if (resumeAt != null && resumeAt.isAfter(next)) {
            next = resumeAt;
        }
        return new Pace(interval, next);
    }

    /** When the store's next sync is due, as its last sync decided; empty before its first. */
    public Optional<Instant> nextSyncAt(UUID storeId) {
        return transactions.execute(status -> jdbc.sql("select next_sync_at from order_sync where store_id = ?")
                .param(storeId).query(java.sql.Timestamp.class).optional().map(java.sql.Timestamp::toInstant));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private record Pace(Duration interval, Instant next) {
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Sync interrupted", e);
        }
    }

    /** Another sync of the same store moved the cursor first: this one stops and leaves the page to it. */
    static final class ConcurrentSync extends RuntimeException {
        ConcurrentSync() {
            super("Stopped: another sync of this store moved on first and continues from there.", null, false, false);
        }
    }

    private static final class Counters {
        int pages;
        int seen;
        int changed;
        int rateWaits;
        int retries;
        long fetchNanos;
        long writeNanos;
    }
}
