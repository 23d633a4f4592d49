package dev.esm.privacy.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.platform.AuditTrail;
import dev.esm.privacy.BuyerErasure;
import dev.esm.privacy.ErasureReason;
import dev.esm.privacy.RetentionProperties;
import dev.esm.privacy.RetentionSweep;
import dev.esm.shared.Marketplace;

/**
 * {@link RetentionSweep}: per marketplace, batches of orders past their retention from the owner's function
 * {@code esm.buyers_past_retention} (V28: every operator's stores), each batch removed in a transaction of its own
 * (a sweep stopped half-way keeps what it removed; the next one finds the rest), then one audit entry of the system.
 */
@Component
class BuyerRetention implements RetentionSweep {

    static final String AUDIT_ACTION = "privacy.retention-sweep";
    private static final Logger log = LoggerFactory.getLogger(BuyerRetention.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final BuyerErasure erasure;
    private final AuditTrail audit;
    private final RetentionProperties properties;
    private final Clock clock;

    BuyerRetention(JdbcClient jdbc, TransactionTemplate transactions, BuyerErasure erasure, AuditTrail audit,
                   RetentionProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.erasure = erasure;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Result sweep() {
        return sweep(null);
    }

    /** The sweep over the orders of these stores only (every store when null): for tests that share a database. */
    Result sweep(UUID[] stores) {
        Instant now = clock.instant();
        Map<Marketplace, Integer> removed = new EnumMap<>(Marketplace.class);
        for (Marketplace marketplace : Marketplace.values()) {
            removed.put(marketplace, sweep(marketplace, now.minus(properties.retention(marketplace)), stores));
        }
        Result result = new Result(Map.copyOf(removed));
        String counts = removed.entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase() + " " + e.getValue()).collect(Collectors.joining(", "));
        transactions.executeWithoutResult(status -> audit.recordForSystem(AUDIT_ACTION,
                "buyers-removed:" + result.total() + " (" + counts + ")", "retention"));
        if (result.total() > 0) {
            log.info("Retention sweep removed the buyer data of {} orders ({})", result.total(), counts);
        }
        return result;
    }

    private int sweep(Marketplace marketplace, Instant cutoff, UUID[] stores) {
        int removed = 0;
        while (true) {
            Integer[] batch = transactions.execute(status -> {
                List<UUID> due = jdbc.sql("select * from esm.buyers_past_retention(?, ?, ?, ?::uuid[])")
                        .params(marketplace.name(), OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC),
                                properties.batchSize(), stores)
                        .query(UUID.class).list();
                return new Integer[] {due.size(), due.isEmpty() ? 0 : erasure.erase(due, ErasureReason.RETENTION)};
            });
            removed += batch[1];
            if (batch[0] < properties.batchSize() || batch[1] == 0) {
                return removed;
            }
        }
    }
}
