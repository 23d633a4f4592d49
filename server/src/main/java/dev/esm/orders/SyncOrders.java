package dev.esm.orders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.orders.internal.OrderWriter;
import dev.esm.orders.spi.MarketplaceException;
import dev.esm.orders.spi.MarketplaceException.CredentialsExpired;
import dev.esm.orders.spi.MarketplaceException.MarketplaceUnavailable;
import dev.esm.orders.spi.MarketplaceException.RateLimited;
import dev.esm.orders.spi.OrderPage;
import dev.esm.orders.spi.OrderSource;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Store;
import dev.esm.stores.StoreCredentials;
import dev.esm.stores.Stores;

/**
 * Syncs one store's orders: page after page from its marketplace, each page written in one transaction together with
 * the cursor it ends at, so that a crash repeats at most one page and the repeat changes nothing. Runs acting for the
 * store's owner. Its progress (pages, orders seen and changed, waits) is written with each page, so any node can
 * show it live. Unavailable marketplaces are retried with exponential backoff and jitter; a 429 waits as long as the
 * marketplace asks; refused credentials stop the sync and mark the store for reconnection.
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

    SyncOrders(Stores stores, OrderWriter writer, JdbcClient jdbc, TransactionTemplate transactions,
               SyncProperties properties, List<OrderSource> sources, Clock clock) {
        this.stores = stores;
        this.writer = writer;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.sources = sources.stream().collect(Collectors.toMap(OrderSource::marketplace, Function.identity()));
        this.clock = clock;
    }

    /** Syncs the store up to now; the acting operator must be the store's owner. */
    public SyncRun sync(UUID storeId) {
        Store store = stores.get(storeId);
        UUID runId = UUID.randomUUID();
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("insert into order_sync (store_id) values (?) on conflict (store_id) do nothing").param(storeId).update();
            jdbc.sql("insert into sync_run (id, store_id, started_at, outcome) values (?, ?, ?, 'RUNNING')")
                    .params(runId, storeId, java.sql.Timestamp.from(now)).update();
        });
        Counters counters = new Counters();
        SyncRun.Outcome outcome = SyncRun.Outcome.SUCCEEDED;
        String error = null;
        try {
            StoreCredentials credentials = stores.credentials(storeId).orElse(null);
            OrderSource source = sources.get(store.marketplace());
            if (credentials == null || source == null) {
                outcome = SyncRun.Outcome.NOT_CONNECTED;
                error = credentials == null ? "The store is not connected to its marketplace."
                        : "No connector for " + store.marketplace().displayName() + " yet.";
            } else {
                pages(storeId, source, credentials, now, counters, runId);
            }
        } catch (CredentialsExpired e) {
            outcome = SyncRun.Outcome.NEEDS_RECONNECT;
            error = e.getMessage();
        } catch (MarketplaceException e) {
            outcome = SyncRun.Outcome.FAILED;
            error = e.getMessage();
        } catch (RuntimeException e) {
            outcome = SyncRun.Outcome.FAILED;
            error = "Sync failed inside ESM (" + e.getClass().getSimpleName() + ")";
            log.error("Sync of store {} failed: {}", storeId, e.getClass().getName());
        }
        SyncRun run = finish(runId, storeId, outcome, error, counters);
        log.info("Sync of store {}: {} ({} pages, {} orders seen, {} changed, {} rate-limit waits, {} retries; "
                        + "{} ms fetching, {} ms writing)", storeId, outcome, counters.pages, counters.seen,
                counters.changed, counters.rateWaits, counters.retries, counters.fetchNanos / 1_000_000,
                counters.writeNanos / 1_000_000);
        return run;
    }

    private void pages(UUID storeId, OrderSource source, StoreCredentials credentials, Instant now, Counters counters,
                       UUID runId) throws MarketplaceException {
        while (true) {
            String cursor = transactions.execute(status -> jdbc.sql("select cursor from order_sync where store_id = ?")
                    .param(storeId).query(String.class).optional().orElse(null));
            long fetchStart = System.nanoTime();
            OrderPage page = fetchWithRetries(source, credentials, cursor, now, counters);
            long writeStart = System.nanoTime();
            counters.fetchNanos += writeStart - fetchStart;
            transactions.execute(status -> {
                int written = writer.write(storeId, page.orders());
                int moved = jdbc.sql("""
                                update order_sync set cursor = ?, updated_at = now()
                                 where store_id = ? and cursor is not distinct from ?""")
                        .params(page.nextCursor(), storeId, cursor).update();
                if (moved != 1) {
                    throw new ConcurrentSync();
                }
                counters.pages++;
                counters.seen += page.orders().size();
                counters.changed += written;
                jdbc.sql("""
                                update sync_run set pages = ?, orders_seen = ?, orders_changed = ?,
                                       rate_limit_waits = ?, retries = ? where id = ?""")
                        .params(counters.pages, counters.seen, counters.changed, counters.rateWaits, counters.retries,
                                runId).update();
                return written;
            });
            counters.writeNanos += System.nanoTime() - writeStart;
            if (page.windowComplete()) {
                return;
            }
        }
    }

    private OrderPage fetchWithRetries(OrderSource source, StoreCredentials credentials, String cursor, Instant now,
                                       Counters counters) throws MarketplaceException {
        int attempt = 0;
        while (true) {
            try {
                return source.fetch(credentials, cursor, now);
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

    private SyncRun finish(UUID runId, UUID storeId, SyncRun.Outcome outcome, String error, Counters counters) {
        return transactions.execute(status -> {
            jdbc.sql("""
                            update sync_run set finished_at = now(), outcome = ?, pages = ?, orders_seen = ?,
                                   orders_changed = ?, rate_limit_waits = ?, retries = ?, error = ?
                             where id = ?""")
                    .params(outcome.name(), counters.pages, counters.seen, counters.changed, counters.rateWaits,
                            counters.retries, error, runId).update();
            if (outcome == SyncRun.Outcome.SUCCEEDED) {
                jdbc.sql("update order_sync set last_success_at = now(), last_error = null, problem = null where store_id = ?")
                        .param(storeId).update();
            } else {
                jdbc.sql("update order_sync set last_error = ?, problem = ? where store_id = ?")
                        .params(error, outcome.name(), storeId).update();
            }
            return jdbc.sql("select * from sync_run where id = ?").param(runId).query(SyncHistory::run).single();
        });
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
            super("Another sync of this store is running");
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
