package dev.esm.stores;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.esm.accounts.AccountException;
import dev.esm.accounts.Credentials;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;

/**
 * Sharing a store: its owner invites an email, and the operator who signs in with that email accepts (only then may
 * it see the store) or declines. Inviting never looks an account up, so the answer is the same whether the email is
 * registered or not, and the owner learns the invitee's id and name only from the grant the invitee accepted. The
 * invitee inserts its own grant; row-level security allows that only while the invitation exists (V11).
 */
@Service
public class StoreInvitations {

    private static final Logger log = LoggerFactory.getLogger(StoreInvitations.class);

    private final JdbcClient jdbc;
    private final Stores stores;
    private final AuditTrail audit;

    StoreInvitations(JdbcClient jdbc, Stores stores, AuditTrail audit) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.audit = audit;
    }

    /** Invites {@code email} to the acting operator's store; the same answer whether the email has an account. */
    @Transactional
    public StoreInvitation invite(UUID storeId, String email, String source) {
        Store store = stores.requireOwned(storeId);
        String invitee = email(email);
        // the owner is the acting operator, and sees the operators it granted the store to
        if (stores.ownerEmail(store).equals(invitee)) {
            throw new StoreException(StoreException.Kind.INVALID, "invite-owner", "You already own this store.");
        }
        boolean granted = stores.grants(storeId).stream().anyMatch(grant -> grant.email().equals(invitee));
        if (granted) {
            throw new StoreException(StoreException.Kind.CONFLICT, "already-granted",
                    "That operator already has access to this store.");
        }
        UUID id = UUID.randomUUID();
        try {
            jdbc.sql("insert into store_invitation (id, store_id, store_owner_id, email) values (?, ?, ?, ?)")
                    .params(id, storeId, store.ownerId(), invitee).update();
        } catch (DuplicateKeyException e) {
            throw new StoreException(StoreException.Kind.CONFLICT, "already-invited",
                    "That email is already invited to this store.");
        }
        audit.record("store.invite", "store:" + storeId + " invitation:" + id, source);
        log.info("Invitation {} to store {} sent", id, storeId);
        return invitations(storeId).stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    /** The store's open invitations, for its owner. */
    @Transactional(readOnly = true)
    public List<StoreInvitation> invitations(UUID storeId) {
        stores.requireOwned(storeId);
        return jdbc.sql("""
                        select id, store_id, email, invited_at from store_invitation
                         where store_id = ? order by invited_at, id""")
                .param(storeId)
                .query((rs, n) -> new StoreInvitation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** The owner withdraws an invitation not yet answered. */
    @Transactional
    public void cancel(UUID storeId, UUID invitationId, String source) {
        stores.requireOwned(storeId);
        int removed = jdbc.sql("delete from store_invitation where id = ? and store_id = ? and store_owner_id = ?")
                .params(invitationId, storeId, me()).update();
        if (removed == 0) {
            throw notFound();
        }
        audit.record("store.invitation-cancelled", "store:" + storeId + " invitation:" + invitationId, source);
    }

    /** The invitations to the acting operator's email, with the store's and its owner's names. */
    @Transactional(readOnly = true)
    public List<PendingInvitation> pending() {
        me();
        return jdbc.sql("""
                        select id, store_id, store_name, marketplace, owner_name, invited_at
                          from esm.pending_store_invitations()""")
                .query((rs, n) -> new PendingInvitation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), dev.esm.shared.Marketplace.valueOf(rs.getString(4)), rs.getString(5),
                        rs.getTimestamp(6).toInstant()))
                .list();
    }

    /** The invitee accepts: the grant is written and the invitation ends; the store is visible from now on. */
    @Transactional
    public Store accept(UUID invitationId, String source) {
        UUID me = me();
        Invitation invitation = mine(invitationId);
        jdbc.sql("""
                        insert into store_access (store_id, operator_id, store_owner_id) values (?, ?, ?)
                        on conflict (store_id, operator_id) do nothing""")
                .params(invitation.storeId(), me, invitation.ownerId()).update();
        jdbc.sql("delete from store_invitation where id = ?").param(invitationId).update();
        audit.record("store.invitation-accepted", "store:" + invitation.storeId() + " invitation:" + invitationId,
                source);
        log.info("Invitation {} to store {} accepted", invitationId, invitation.storeId());
        return stores.get(invitation.storeId());
    }

    /** The invitee declines: the invitation ends and nothing is granted. */
    @Transactional
    public void decline(UUID invitationId, String source) {
        Invitation invitation = mine(invitationId);
        jdbc.sql("delete from store_invitation where id = ?").param(invitationId).update();
        audit.record("store.invitation-declined", "store:" + invitation.storeId() + " invitation:" + invitationId,
                source);
    }

    private record Invitation(UUID storeId, UUID ownerId) {
    }

    /** An invitation to the acting operator's own email (not one it sent as an owner). */
    private Invitation mine(UUID invitationId) {
        return jdbc.sql("""
                        select store_id, store_owner_id from store_invitation
                         where id = ? and email = esm.current_operator_email()""")
                .param(invitationId)
                .query((rs, n) -> new Invitation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .optional().orElseThrow(StoreInvitations::notFound);
    }

    private static String email(String raw) {
        if (raw != null && raw.chars().anyMatch(Character::isISOControl)) {
            throw new StoreException(StoreException.Kind.INVALID, "invalid-email", "Enter a valid email address.");
        }
        try {
            return Credentials.email(raw);
        } catch (AccountException e) {
            throw new StoreException(StoreException.Kind.INVALID, "invalid-email", e.getMessage());
        }
    }

    private static StoreException notFound() {
        return new StoreException(StoreException.Kind.NOT_FOUND, "invitation-not-found", "No such invitation.");
    }

    private static UUID me() {
        return ActingOperator.current().orElseThrow(() -> new IllegalStateException("No acting operator"));
    }
}
