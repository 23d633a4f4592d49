package dev.esm.stores;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The access review: who can reach each of the acting operator's stores and since when (the owner, the members who
 * accepted an invitation, the emails invited and not yet answered), and the stores others share with it. Platform
 * admins review every store through the admin module's audited path.
 */
@Service
public class StoreAccessReview {

    public enum Role { OWNER, MEMBER, INVITED }

    /** One person's access to one store; {@code name} is null for an invitation not yet accepted. */
    public record Access(Role role, String email, String name, Instant since) {
    }

    public record StoreAccess(Store store, List<Access> people) {
    }

    private final Stores stores;
    private final StoreInvitations invitations;

    StoreAccessReview(Stores stores, StoreInvitations invitations) {
        this.stores = stores;
        this.invitations = invitations;
    }

    /** The acting operator's own stores, each with everyone who can reach it. */
    @Transactional(readOnly = true)
    public List<StoreAccess> ownStores(String myEmail) {
        List<StoreAccess> review = new ArrayList<>();
        for (Store store : stores.list()) {
            if (!store.ownedByMe()) {
                continue;
            }
            List<Access> people = new ArrayList<>();
            people.add(new Access(Role.OWNER, myEmail, store.ownerName(), store.createdAt()));
            stores.grants(store.id()).forEach(grant ->
                    people.add(new Access(Role.MEMBER, grant.email(), grant.name(), grant.grantedAt())));
            invitations.invitations(store.id()).forEach(invitation ->
                    people.add(new Access(Role.INVITED, invitation.email(), null, invitation.invitedAt())));
            review.add(new StoreAccess(store, List.copyOf(people)));
        }
        return review;
    }

    /** Stores other operators shared with the acting operator, with the date its access began. */
    @Transactional(readOnly = true)
    public List<StoreAccess> sharedWithMe(UUID me) {
        List<StoreAccess> review = new ArrayList<>();
        for (Store store : stores.list()) {
            if (store.ownedByMe()) {
                continue;
            }
            List<Access> mine = stores.grants(store.id()).stream()
                    .filter(grant -> grant.operatorId().equals(me))
                    .map(grant -> new Access(Role.MEMBER, grant.email(), grant.name(), grant.grantedAt()))
                    .toList();
            review.add(new StoreAccess(store, mine));
        }
        return review;
    }
}
