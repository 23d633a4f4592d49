package dev.esm.privacy.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.esm.privacy.BuyerErasure;
import dev.esm.privacy.ErasureReason;

/**
 * {@link BuyerErasure} through the owner's function {@code esm.remove_order_buyers} (V28), which reaches every
 * operator's buyers; in the caller's transaction when there is one.
 */
@Component
class BuyerTombstones implements BuyerErasure {

    private final JdbcClient jdbc;
    private final Clock clock;

    BuyerTombstones(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional
    public int erase(Collection<UUID> orderIds, ErasureReason reason) {
        java.util.Objects.requireNonNull(reason, "reason");
        if (orderIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("select esm.remove_order_buyers(?, ?, ?)")
                .params(orderIds.stream().distinct().toArray(UUID[]::new), reason.name(),
                        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .query(Integer.class).single();
    }
}
