package dev.esm.stores;

import java.util.UUID;

import dev.esm.TestOperators.TestOperator;
import dev.esm.platform.ActingOperator;

/** Shares a store the way operators do: its owner invites the member's email, and the member accepts. */
public final class TestGrants {

    private TestGrants() {
    }

    public static void grant(StoreInvitations invitations, UUID ownerId, UUID storeId, TestOperator member) {
        UUID invitation = ActingOperator.runAs(ownerId, () -> invitations.invite(storeId, member.email(), "test").id());
        ActingOperator.runAs(member.id(), () -> invitations.accept(invitation, "test"));
    }
}
