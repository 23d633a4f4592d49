package dev.esm.catalog.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.catalog.CatalogProperties;
import dev.esm.marketplace.ListingPage;
import dev.esm.marketplace.ListingSource;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.marketplace.MarketplaceException.RateLimited;
import dev.esm.marketplace.Marketplaces;
import dev.esm.platform.quota.CallPermits;
import dev.esm.platform.quota.QuotaBuckets;
import dev.esm.stores.Store;
import dev.esm.stores.Stores;

/**
 * Scans one store's listings, page after page, each page written in one transaction together with the cursor it ends
 * at (the order sync's rule: a crash repeats at most one page, and repeating a page changes nothing). The scan claims
 * its store in {@code listing_sync} first ({@code running_since}), so two nodes never scan one store at once; a claim
 * older than {@code claim-timeout} is a dead node's and is taken over, resuming from the saved cursor. Every
 * marketplace call takes a permit from the store's shared quota ({@link QuotaBuckets}, the buckets the order sync
 * uses). When a scan completes, listings it did not see are removed. Runs acting for the store's owner.
 */
@Service
public class SyncListings {

    private static final Logger log = LoggerFactory.getLogger(SyncListings.class);

    private final Stores stores;
    private final Marketplaces marketplaces;
    private final ListingWriter writer;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final QuotaBuckets quotas;
    private final CatalogProperties properties;
    private final Clock clock;

    SyncListings(Stores stores, Marketplaces marketplaces, ListingWriter writer, JdbcClient jdbc,
                 TransactionTemplate transactions, QuotaBuckets quotas, CatalogProperties properties, Clock clock) {
        this.stores = stores;
        this.marketplaces = marketplaces;
        this.writer = writer;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.quotas = quotas;
        this.properties = properties;
        this.clock = clock;
    }

    /** How a scan ended. */
    public record Scan(UUID storeId, boolean ran, boolean complete, int pages, int listings, int changed,
                       int removed, String error) {
    }

    /** Scans the store's listings (continuing a scan a dead node left); the acting operator must be its owner. */
    public Scan sync(UUID storeId) {
        Store store = stores.get(storeId);
        Optional<ListingSource> source = marketplaces.listingSource(store.marketplace());
        if (!store.credentialsSet() || source.isEmpty()) {
            String error = "The store is not connected to its marketplace.";
            transactions.executeWithoutResult(status -> {
                ensureRow(storeId);
                finish(storeId, error, properties.interval(), null);
            });
            return new Scan(storeId, false, false, 0, 0, 0, 0, error);
        }
        Instant claimedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<String> claimed = transactions.execute(status -> claim(storeId, claimedAt));
        if (claimed == null || claimed.isEmpty()) {
            return new Scan(storeId, false, false, 0, 0, 0, 0, "Another scan of this store is running.");
        }
        String cursor = claimed.get().isEmpty() ? null : claimed.get();
        CallPermits permits = quotas.permits(storeId);
        int pages = 0;
        int seen = 0;
        int changed = 0;
        int removed = 0;
        String error = null;
        Duration next = properties.interval();
        boolean complete = false;
        try {
            while (!complete) {
                ListingPage page = fetch(source.get(), storeId, cursor, permits);
                String from = cursor;
                int[] written = transactions.execute(status -> write(storeId, store, page, from, claimedAt));
                pages++;
                seen += page.listings().size();
                changed += written[0];
                removed += written[1];
                cursor = page.nextCursor();
                complete = page.complete();
            }
        } catch (RateLimited e) {
            error = "Waiting for " + store.marketplace().displayName() + "'s listing quota";
            next = e.retryAfter().compareTo(properties.retryAfter()) > 0 ? e.retryAfter() : properties.retryAfter();
        } catch (MarketplaceException e) {
            error = e.getMessage();
            next = properties.retryAfter();
        } catch (ConcurrentScan e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            error = "Listing sync failed inside ESM (" + e.getClass().getSimpleName() + ")";
            next = properties.retryAfter();
            log.error("Listing sync of store {} failed: {}", storeId, e.getClass().getName());
        }
        String lastError = error;
        Duration pause = next;
        transactions.executeWithoutResult(status -> finish(storeId, lastError, pause, claimedAt));
        log.info("Listing sync of store {}: {} ({} pages, {} listings seen, {} changed, {} removed{})", storeId,
                complete ? "complete" : "stopped", pages, seen, changed, removed,
                error == null ? "" : "; " + error);
        return new Scan(storeId, true, complete, pages, seen, changed, removed, error);
    }

    /**
     * Claims the store's scan: its cursor ("" for a new scan, which starts its clock), or empty when a live scan holds
     * the store.
     */
    private Optional<String> claim(UUID storeId, Instant now) {
        ensureRow(storeId);
        record Row(String cursor, Timestamp runningSince) {
        }
        Row row = jdbc.sql("select cursor, running_since from esm.listing_sync where store_id = ? for update")
                .param(storeId).query((rs, n) -> new Row(rs.getString(1), rs.getTimestamp(2))).single();
        if (row.runningSince() != null && row.runningSince().toInstant().plus(properties.claimTimeout()).isAfter(now)) {
            return Optional.empty();
        }
        jdbc.sql("""
                        update esm.listing_sync
                           set running_since = ?,
                               scan_started_at = case when cursor is null then now() else scan_started_at end,
                               pages = case when cursor is null then 0 else pages end,
                               listings_seen = case when cursor is null then 0 else listings_seen end
                         where store_id = ?""")
                .params(Timestamp.from(now), storeId).update();
        return Optional.of(row.cursor() == null ? "" : row.cursor());
    }

    private void ensureRow(UUID storeId) {
        jdbc.sql("insert into esm.listing_sync (store_id) values (?) on conflict (store_id) do nothing")
                .param(storeId).update();
    }

    /** One page and the cursor it ends at, in the caller's transaction; {@link ConcurrentScan} if the cursor moved. */
    private int[] write(UUID storeId, Store store, ListingPage page, String from, Instant claimedAt) {
        int changed = writer.write(storeId, store.marketplace(), page.listings(), page.stock());
        int moved = jdbc.sql("""
                        update esm.listing_sync
                           set cursor = ?, pages = pages + 1, listings_seen = listings_seen + ?, updated_at = now()
                         where store_id = ? and cursor is not distinct from ? and running_since = ?""")
                .params(page.complete() ? null : page.nextCursor(), page.listings().size(), storeId, from,
                        Timestamp.from(claimedAt)).update();
        if (moved != 1) {
            throw new ConcurrentScan();
        }
        int removed = 0;
        if (page.complete()) {
            removed = writer.removeUnseen(storeId);
            jdbc.sql("update esm.listing_sync set last_scan_at = now(), scan_started_at = null where store_id = ?")
                    .param(storeId).update();
        }
        return new int[]{changed, removed};
    }

    /** Ends the scan's claim ({@code claimedAt}; null: the store was not claimed) and decides the next scan. */
    private void finish(UUID storeId, String error, Duration pause, Instant claimedAt) {
        String update = """
                update esm.listing_sync set running_since = null, last_error = ?, next_sync_at = ?, updated_at = now()
                 where store_id = ? and running_since""";
        Timestamp next = Timestamp.from(clock.instant().plus(pause));
        if (claimedAt == null) {
            jdbc.sql(update + " is null").params(error, next, storeId).update();
        } else {
            jdbc.sql(update + " = ?").params(error, next, storeId, Timestamp.from(claimedAt)).update();
        }
    }

    /** One page, retried while the marketplace is unavailable or asks for a short wait. */
    private ListingPage fetch(ListingSource source, UUID storeId, String cursor, CallPermits permits)
            throws MarketplaceException {
        int attempt = 0;
        while (true) {
            try {
                return source.fetch(storeId, cursor, permits);
            } catch (RateLimited e) {
                if (e.retryAfter().compareTo(properties.maxRateWait()) > 0) {
                    throw e;
                }
                pause(e.retryAfter().plusMillis(100));
            } catch (MarketplaceUnavailable e) {
                if (++attempt >= properties.maxAttempts()) {
                    throw e;
                }
                pause(Duration.ofMillis(500L << attempt));
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Listing sync interrupted", e);
        }
    }

    /** Another scan of the store moved its cursor first (this one's claim had timed out): this one stops. */
    static final class ConcurrentScan extends RuntimeException {
        ConcurrentScan() {
            super("Stopped: another scan of this store moved on first.", null, false, false);
        }
    }
}
