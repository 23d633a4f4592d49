package dev.esm.stores;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;
import dev.esm.shared.Marketplace;

/**
 * Stores whose seller account the marketplace closed (an account deletion notice naming a connected seller): their
 * credentials are dropped at once — the store stays, not connected, with the time and the reason shown on its page —
 * an audit entry is written for its owner and {@link StoreDisconnected} takes its sync off the schedule. Works across
 * operators: a notice names an account, not an operator, and another operator may have connected the same account.
 * Stores are matched by their seller key (ADR 18), so only stores whose credentials named their account are found.
 */
@Service
public class SellerAccountClosures {

    private static final Logger log = LoggerFactory.getLogger(SellerAccountClosures.class);

    /** Why ESM disconnected a store, as its page shows it. */
    public record Disconnection(Instant at, String reason) {
    }

    /** A store and the operator who owns it (ids only). */
    public record StoreOwner(UUID storeId, UUID ownerId) {
    }

    private record Candidate(UUID storeId, UUID ownerId, String sellerKey) {
    }

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    SellerAccountClosures(JdbcClient jdbc, AuditTrail audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
    }

    /** Every store of {@code marketplace}, whoever owns it, with its owner: what a deletion notice is matched in. */
    @Transactional(readOnly = true)
    public List<StoreOwner> storesOf(Marketplace marketplace) {
        return jdbc.sql("select store_id, owner_id from esm.stores_of_marketplace(?)").param(marketplace.name())
                .query((rs, n) -> new StoreOwner(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
    }

    /**
     * Disconnects every store of {@code marketplace}, whoever owns it, connected to {@code sellerAccount}; in the
     * caller's transaction. A store disconnected before is not counted again.
     *
     * @param source what asked (an internal name for the audit trail, e.g. {@code account-deletion})
     * @return the stores disconnected now
     */
    @Transactional
    public List<UUID> disconnect(Marketplace marketplace, String sellerAccount, String source) {
        if (sellerAccount == null || sellerAccount.isBlank()) {
            return List.of();
        }
        String reason = marketplace.displayName() + " closed the seller account this store was connected to.";
        List<Candidate> candidates = jdbc.sql("select store_id, owner_id, seller_key from esm.stores_of_marketplace(?)")
                .param(marketplace.name())
                .query((rs, n) -> new Candidate(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3)))
                .list();
        List<UUID> disconnected = new java.util.ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.sellerKey() == null || !candidate.sellerKey()
                    .equals(SellerKeys.of(candidate.ownerId(), marketplace, sellerAccount))) {
                continue;
            }
            boolean done = ActingOperator.runAs(candidate.ownerId(), () -> {
                int updated = jdbc.sql("""
                                update store set credentials = null, seller_key = null, disconnected_at = now(),
                                       disconnected_reason = ?, updated_at = now()
                                 where id = ? and credentials is not null""")
                        .params(reason, candidate.storeId()).update();
                if (updated == 1) {
                    audit.record("store.disconnected-account-closed", "store:" + candidate.storeId(), source);
                    events.publishEvent(new StoreDisconnected(candidate.storeId(), candidate.ownerId(), marketplace));
                }
                return updated == 1;
            });
            if (done) {
                disconnected.add(candidate.storeId());
                log.info("Store {} disconnected: its seller account was closed", candidate.storeId());
            }
        }
        return disconnected;
    }

    /** Why ESM disconnected the store, if it did and it was not connected again since. */
    @Transactional(readOnly = true)
    public Optional<Disconnection> disconnection(UUID storeId) {
        return jdbc.sql("""
                        select disconnected_at, disconnected_reason from store
                         where id = ? and disconnected_at is not null and credentials is null""")
                .param(storeId)
                .query((rs, n) -> new Disconnection(rs.getTimestamp(1).toInstant(), rs.getString(2)))
                .optional();
    }
}
