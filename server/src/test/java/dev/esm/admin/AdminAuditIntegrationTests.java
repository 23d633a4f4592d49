package dev.esm.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;
import dev.esm.accounts.PlatformAdmins;
import dev.esm.shared.Marketplace;
import dev.esm.stores.StoreInvitations;
import dev.esm.stores.Stores;

/**
 * Issue 12 §5: an admin reads everyone's audit log with the same filters and pages as an operator's own, and reviews
 * who can reach every store; an operator reviews who can reach its own stores, and sees no other operator's.
 */
class AdminAuditIntegrationTests extends IntegrationTest {

    @Autowired
    PlatformAdmins platformAdmins;
    @Autowired
    AuditTrail trail;
    @Autowired
    Stores stores;
    @Autowired
    StoreInvitations invitations;

    @Test
    void anAdminReadsEveryonesLogFilteredAndPagedAndAnOperatorCannot() {
        TestOperator seller = operators.create("Audited Seller");
        String marker = "store:admin-view-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            ActingOperator.runAs(seller.id(), () -> trail.record("store.rename", marker, "203.0.113.5"));
        }
        TestOperator root = operators.create("Audit Root");
        assertThat(platformAdmins.grantPlatformAdmin(root.email(), "test")).isTrue();
        WebClient admin = browser();
        admin.signIn(root.email(), root.password());

        WebClient.Response renames = admin.get("/admin/audit?action=store.rename");
        assertThat(renames.status()).isEqualTo(200);
        assertThat(renames.body()).contains(marker).contains(seller.email()).contains("Renamed a store");
        WebClient.Response signIns = admin.get("/admin/audit?action=account.sign-in");
        assertThat(signIns.body()).doesNotContain(marker).contains(root.email());
        WebClient.Response bad = admin.get("/admin/audit?to=2026-02-30");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"to-error\"");
        // its reads are audited too
        assertThat(admin.get("/admin/audit?action=admin.read-audit-log").body()).contains(root.email());

        WebClient operator = browser();
        operator.signIn(seller.email(), seller.password());
        assertThat(operator.get("/admin/audit").status()).isEqualTo(403);
        assertThat(operator.get("/admin/access").status()).isEqualTo(403);
    }

    @Test
    void theAccessReviewListsOwnerMembersAndOpenInvitationsOfOwnStoresAndAnAdminSeesEveryStore() {
        TestOperator owner = operators.create("Reviewed Owner");
        TestOperator member = operators.create("Reviewed Member");
        TestOperator stranger = operators.create("Reviewed Stranger");
        String invitee = "invitee-" + UUID.randomUUID() + "@example.test";
        String shop = "Reviewed Shop " + UUID.randomUUID().toString().substring(0, 8);
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, shop,
                TestSandbox.walmartCredentials("review-" + UUID.randomUUID(), "review-secret"), "test").id());
        UUID invitation = ActingOperator.runAs(owner.id(), () -> invitations.invite(store, member.email(), "test").id());
        ActingOperator.runAs(member.id(), () -> invitations.accept(invitation, "test"));
        ActingOperator.runAs(owner.id(), () -> invitations.invite(store, invitee, "test"));

        WebClient web = browser();
        web.signIn(owner.email(), owner.password());
        WebClient.Response review = web.get("/stores/access");
        assertThat(review.status()).isEqualTo(200);
        assertThat(review.body()).contains(shop).contains(owner.email()).contains("Reviewed Member")
                .contains(member.email()).contains(invitee).contains("Invited, not answered yet");

        WebClient other = browser();
        other.signIn(stranger.email(), stranger.password());
        assertThat(other.get("/stores/access").body()).doesNotContain(shop).doesNotContain(invitee);
        WebClient asMember = browser();
        asMember.signIn(member.email(), member.password());
        assertThat(asMember.get("/stores/access").body()).contains("Stores shared with you").contains(shop)
                .doesNotContain(invitee);

        TestOperator root = operators.create("Access Root");
        assertThat(platformAdmins.grantPlatformAdmin(root.email(), "test")).isTrue();
        WebClient admin = browser();
        admin.signIn(root.email(), root.password());
        String all = admin.get("/admin/access").body();
        assertThat(all).contains(shop).contains(owner.email()).contains(member.email()).contains(invitee);
        assertThat(admin.get("/admin/audit?action=admin.review-access").body()).contains(root.email());
    }
}
