package dev.esm.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.TestSandbox;
import dev.esm.TestOperators.TestOperator;
import dev.esm.WebClient;
import dev.esm.WebClient.Response;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.shared.Marketplace;

/**
 * Sharing a store takes the invitee's consent: the owner invites an email without learning whether it has an account,
 * the invitee sees the invitation and accepts or declines, and only an accepted invitation gives access. Revoking
 * access ends it for everything of the store, the label-batch items the grantee made under the grant included.
 */
class StoreInvitationIntegrationTests extends IntegrationTest {

    @Autowired
    Stores stores;
    @Autowired
    StoreInvitations invitations;
    @Autowired
    ApplicationContext context;

    @Test
    void invitingARegisteredOrAnUnregisteredEmailAnswersTheSame() {
        TestOperator owner = operators.create("Inviting Owner");
        TestOperator registered = operators.create("Registered Invitee");
        String unregistered = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        UUID store = store(owner, "Invite Shop");
        WebClient ownerWeb = signedIn(owner);

        Response toRegistered = ownerWeb.api("POST", "/api/v1/stores/" + store + "/invitations",
                "{\"email\":\"" + registered.email() + "\"}");
        Response toUnregistered = ownerWeb.api("POST", "/api/v1/stores/" + store + "/invitations",
                "{\"email\":\"" + unregistered + "\"}");

        assertThat(toRegistered.status()).isEqualTo(201).isEqualTo(toUnregistered.status());
        assertThat(shape(toRegistered.body())).isEqualTo(shape(toUnregistered.body()))
                .isEqualTo("{\"id\":_,\"email\":_,\"invitedAt\":_,\"status\":_}");
        assertThat(toRegistered.body()).doesNotContain(registered.id().toString()).doesNotContain("Registered Invitee")
                .contains("\"status\":\"PENDING\"");
        assertThat(toRegistered.header("Location")).startsWith("/api/v1/stores/" + store + "/invitations/");
        // the owner's lists show both invitations alike and no grant before anyone accepts
        String pending = ownerWeb.api("GET", "/api/v1/stores/" + store + "/invitations", null).body();
        assertThat(pending).contains(registered.email(), unregistered).doesNotContain(registered.id().toString());
        assertThat(ownerWeb.api("GET", "/api/v1/stores/" + store + "/grants", null).body())
                .isEqualTo("{\"items\":[]}");
        // the page says the same for both too
        ownerWeb.get("/stores/" + store);
        Response pageToRegistered = ownerWeb.post("/stores/" + store + "/invitations",
                Map.of("email", operators.create("Page Invitee").email()));
        String notice = ownerWeb.get("/stores/" + store).body();
        Response pageToUnregistered = ownerWeb.post("/stores/" + store + "/invitations",
                Map.of("email", "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test"));
        assertThat(pageToRegistered.status()).isEqualTo(302).isEqualTo(pageToUnregistered.status());
        assertThat(notice).contains("Invitation sent.");
        assertThat(ownerWeb.get("/stores/" + store).body()).contains("Invitation sent.");
    }

    @Test
    void theInviteeGetsAccessOnlyOnceItAccepts() {
        TestOperator owner = operators.create("Sharing Owner");
        TestOperator member = operators.create("Invited Member");
        UUID store = store(owner, "Consent Shop");
        WebClient ownerWeb = signedIn(owner);
        WebClient memberWeb = signedIn(member);
        String invitation = id(ownerWeb.api("POST", "/api/v1/stores/" + store + "/invitations",
                "{\"email\":\"" + member.email().toUpperCase() + "\"}").body());

        // invited, not yet accepted: no access anywhere
        assertThat(memberWeb.api("GET", "/api/v1/stores", null).body()).doesNotContain("Consent Shop");
        assertThat(memberWeb.api("GET", "/api/v1/stores/" + store, null).status()).isEqualTo(404);
        assertThat(memberWeb.get("/stores/" + store).status()).isEqualTo(404);
        // but the invitation shows, in the API and on the stores page, with the store's and the owner's names
        String mine = memberWeb.api("GET", "/api/v1/invitations", null).body();
        assertThat(mine).contains("\"id\":\"" + invitation + "\"", "\"storeName\":\"Consent Shop\"",
                "\"ownerName\":\"Sharing Owner\"");
        assertThat(memberWeb.get("/stores").body()).contains("Consent Shop", "from Sharing Owner", "Accept");
        // another operator cannot see or answer it, nor can the owner answer its own invitation
        WebClient strangerWeb = signedIn(operators.create("Stranger"));
        assertThat(strangerWeb.api("GET", "/api/v1/invitations", null).body()).isEqualTo("{\"items\":[]}");
        assertThat(strangerWeb.api("POST", "/api/v1/invitations/" + invitation + "/accept", null).status())
                .isEqualTo(404);
        assertThat(ownerWeb.api("POST", "/api/v1/invitations/" + invitation + "/accept", null).status())
                .isEqualTo(404);
        assertThat(strangerWeb.api("GET", "/api/v1/stores/" + store, null).status()).isEqualTo(404);

        // accepted on the page: the store is shared, the invitation gone, and the owner now sees who it is
        Response accepted = memberWeb.post("/invitations/" + invitation + "/accept", Map.of());
        assertThat(accepted.status()).isEqualTo(302);
        assertThat(accepted.header("Location")).isEqualTo("/stores/" + store);
        assertThat(memberWeb.get("/stores/" + store).status()).isEqualTo(200);
        assertThat(memberWeb.api("GET", "/api/v1/stores", null).body()).contains("Consent Shop");
        assertThat(memberWeb.api("GET", "/api/v1/invitations", null).body()).isEqualTo("{\"items\":[]}");
        assertThat(memberWeb.api("POST", "/api/v1/invitations/" + invitation + "/accept", null).status())
                .isEqualTo(404);
        assertThat(ownerWeb.api("GET", "/api/v1/stores/" + store + "/invitations", null).body())
                .isEqualTo("{\"items\":[]}");
        assertThat(ownerWeb.api("GET", "/api/v1/stores/" + store + "/grants", null).body())
                .contains("\"operatorId\":\"" + member.id() + "\"", "\"name\":\"Invited Member\"");
        // inviting again someone who has access is refused; the owner already sees them among the grants
        Response again = ownerWeb.api("POST", "/api/v1/stores/" + store + "/invitations",
                "{\"email\":\"" + member.email() + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("\"code\":\"already-granted\"");
    }

    @Test
    void aDeclinedOrWithdrawnInvitationGrantsNothing() {
        TestOperator owner = operators.create("Declined Owner");
        TestOperator member = operators.create("Declining Member");
        UUID store = store(owner, "Declined Shop");
        WebClient ownerWeb = signedIn(owner);
        WebClient memberWeb = signedIn(member);
        String first = id(ownerWeb.api("POST", "/api/v1/stores/" + store + "/invitations",
                "{\"email\":\"" + member.email() + "\"}").body());

        assertThat(memberWeb.api("POST", "/api/v1/invitations/" + first + "/decline", null).status()).isEqualTo(204);
        assertThat(memberWeb.api("GET", "/api/v1/invitations", null).body()).isEqualTo("{\"items\":[]}");
        assertThat(memberWeb.api("POST", "/api/v1/invitations/" + first + "/accept", null).status()).isEqualTo(404);
        assertThat(memberWeb.api("GET", "/api/v1/stores/" + store, null).status()).isEqualTo(404);
        assertThat(ownerWeb.api("GET", "/api/v1/stores/" + store + "/invitations", null).body())
                .isEqualTo("{\"items\":[]}");

        String second = id(ownerWeb.api("POST", "/api/v1/stores/" + store + "/invitations",
                "{\"email\":\"" + member.email() + "\"}").body());
        assertThat(ownerWeb.api("POST", "/api/v1/stores/" + store + "/invitations",
                "{\"email\":\"" + member.email() + "\"}").status()).isEqualTo(409);
        assertThat(ownerWeb.api("DELETE", "/api/v1/stores/" + store + "/invitations/" + second, null).status())
                .isEqualTo(204);
        assertThat(memberWeb.api("POST", "/api/v1/invitations/" + second + "/accept", null).status()).isEqualTo(404);
        assertThat(memberWeb.api("GET", "/api/v1/stores/" + store, null).status()).isEqualTo(404);
        assertThat(ownerWeb.api("GET", "/api/v1/stores/" + store + "/grants", null).body())
                .isEqualTo("{\"items\":[]}");

        Response invalid = ownerWeb.api("POST", "/api/v1/stores/" + store + "/invitations", "{\"email\":\"not-an-email\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("\"code\":\"invalid-email\"");
        Response control = ownerWeb.api("POST", "/api/v1/stores/" + store + "/invitations",
                "{\"email\":\"a\\u0000b@example.test\"}");
        assertThat(control.status()).isEqualTo(400);
        assertThat(ownerWeb.api("GET", "/api/v1/stores/" + store + "/invitations", null).body())
                .isEqualTo("{\"items\":[]}");
    }

    /** Whatever the application does, the database lets neither side write a grant without an open invitation. */
    @Test
    void theDatabaseRefusesAGrantThatWasNotAccepted() throws SQLException {
        TestOperator owner = operators.create("Forcing Owner");
        TestOperator member = operators.create("Unasked Member");
        UUID store = store(owner, "Forced Shop");
        String insert = "insert into esm.store_access (store_id, operator_id, store_owner_id) values ('" + store
                + "', '" + member.id() + "', '" + owner.id() + "')";
        try (Connection app = DatabaseAccess.runtimeRole(context); Statement sql = app.createStatement()) {
            app.setAutoCommit(false);
            actAs(sql, owner.id());
            assertThatThrownBy(() -> sql.execute(insert)).hasMessageContaining("row-level security");
            app.rollback();
            actAs(sql, member.id());
            assertThatThrownBy(() -> sql.execute(insert)).hasMessageContaining("row-level security");
            app.rollback();
        }
        TestOperator stranger = operators.create("Unrelated Operator");
        ActingOperator.runAs(owner.id(), () -> invitations.invite(store, member.email(), "test"));
        String invited = "select count(*) from esm.store_invitation where store_id = '" + store + "'";
        try (Connection app = DatabaseAccess.runtimeRole(context); Statement sql = app.createStatement()) {
            app.setAutoCommit(false);
            actAs(sql, stranger.id());
            assertThat(single(sql, invited)).as("a stranger sees the invitation").isEqualTo("0");
            assertThat(sql.executeUpdate("delete from esm.store_invitation where store_id = '" + store + "'")).isZero();
            app.rollback();
            actAs(sql, member.id());
            assertThat(single(sql, invited)).isEqualTo("1");
            app.rollback();
            actAs(sql, owner.id());
            assertThatThrownBy(() -> sql.execute(insert)).as("the owner still cannot accept for the invitee")
                    .hasMessageContaining("row-level security");
            app.rollback();
            actAs(sql, member.id());
            sql.execute(insert);
            app.rollback();
        }
    }

    @Test
    void aRevokedGranteeNoLongerReadsTheLabelBatchItemsItMadeUnderTheGrant() throws SQLException {
        TestOperator owner = operators.create("Batch Owner");
        TestOperator member = operators.create("Batch Member");
        UUID shared = store(owner, "Batch Shared Shop");
        UUID own = store(member, "Member Own Shop");
        TestGrants.grant(invitations, owner.id(), shared, member);
        UUID sharedOrder = order(shared);
        UUID ownOrder = order(own);
        // the member's batches: one of the shared store only (one item bought, one still queued for tomorrow), one
        // mixing the shared store and its own store
        UUID sharedBatch = UUID.randomUUID();
        UUID mixedBatch = UUID.randomUUID();
        UUID queued = UUID.randomUUID();
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            sql.execute("insert into esm.label_batch (id, operator_id, total) values ('" + sharedBatch + "', '"
                    + member.id() + "', 2), ('" + mixedBatch + "', '" + member.id() + "', 2)");
            item(sql, UUID.randomUUID(), sharedBatch, 1, sharedOrder, shared, "PURCHASED");
            item(sql, queued, sharedBatch, 2, order(shared), shared, "QUEUED");
            item(sql, UUID.randomUUID(), mixedBatch, 1, sharedOrder, shared, "FAILED");
            item(sql, UUID.randomUUID(), mixedBatch, 2, ownOrder, own, "FAILED");
        }
        WebClient memberWeb = signedIn(member);
        assertThat(memberWeb.api("GET", "/api/v1/label-batches/" + sharedBatch, null).status()).isEqualTo(200);
        assertThat(memberWeb.api("GET", "/api/v1/label-batches/" + sharedBatch + "/items", null).body())
                .contains("M-" + sharedOrder);
        assertThat(memberWeb.api("GET", "/api/v1/label-batches/" + mixedBatch + "/items", null).body())
                .contains("M-" + sharedOrder, "M-" + ownOrder);

        WebClient ownerWeb = signedIn(owner);
        assertThat(ownerWeb.api("DELETE", "/api/v1/stores/" + shared + "/grants/" + member.id(), null).status())
                .isEqualTo(204);

        Response items = memberWeb.api("GET", "/api/v1/label-batches/" + sharedBatch + "/items", null);
        assertThat(items.status()).isEqualTo(404);
        assertThat(items.body()).doesNotContain("M-" + sharedOrder);
        assertThat(memberWeb.api("GET", "/api/v1/label-batches/" + sharedBatch, null).status()).isEqualTo(404);
        assertThat(memberWeb.get("/label-batches/" + sharedBatch).status()).isEqualTo(404);
        assertThat(memberWeb.api("GET", "/api/v1/label-batches", null).body()).doesNotContain(sharedBatch.toString())
                .contains(mixedBatch.toString());
        assertThat(memberWeb.api("GET", "/api/v1/label-batches/" + mixedBatch + "/items", null).body())
                .doesNotContain("M-" + sharedOrder).contains("M-" + ownOrder);
        // the item still to be bought failed at once, and its batch finished, so that no worker keeps claiming it
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            assertThat(single(sql, "select state from esm.label_batch_item where id = '" + queued + "'"))
                    .isEqualTo("FAILED");
            assertThat(single(sql, "select state from esm.label_batch where id = '" + sharedBatch + "'"))
                    .isEqualTo("DONE");
        }
        // the owner removes the store with everything in it: nothing stands in the way
        assertThat(ownerWeb.api("DELETE", "/api/v1/stores/" + shared, null).status()).isEqualTo(204);
    }

    private UUID store(TestOperator owner, String name) {
        return ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, name,
                TestSandbox.walmartCredentials(), "test").id());
    }

    private UUID order(UUID store) throws SQLException {
        UUID order = UUID.randomUUID();
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            sql.execute("insert into esm.customer_order (id, store_id, marketplace_order_id, status, marketplace_status,"
                    + " ordered_at, marketplace_updated_at, currency, total, skus, content_hash) values ('" + order
                    + "', '" + store + "', 'M-" + order + "', 'UNSHIPPED', 'Created', now(), now(), 'USD', 1, '{}',"
                    + " '\\x00')");
        }
        return order;
    }

    private static void item(Statement sql, UUID id, UUID batch, int position, UUID order, UUID store, String state)
            throws SQLException {
        sql.execute("insert into esm.label_batch_item (id, batch_id, position, order_id, marketplace_order_id, store_id,"
                + " ship_from_id, package_id, state, available_at) values ('" + id + "', '" + batch + "', " + position
                + ", '" + order + "', 'M-" + order + "', '" + store + "', '" + UUID.randomUUID() + "', '"
                + UUID.randomUUID() + "', '" + state + "', now() + interval '1 day')");
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static void actAs(Statement sql, UUID operator) throws SQLException {
        sql.execute("select set_config('esm.operator_id', '" + operator + "', true)");
    }

    /** The JSON's keys in order, with every value replaced by {@code _}. */
    private static String shape(String json) {
        return json.replaceAll("\"([a-zA-Z]+)\":(\"[^\"]*\"|[^,}]*)", "\"$1\":_");
    }

    private static String id(String json) {
        return json.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    private WebClient signedIn(TestOperator operator) {
        WebClient web = browser();
        Response response = web.signIn(operator.email(), operator.password());
        assertThat(response.status()).isEqualTo(302);
        return web;
    }
}
