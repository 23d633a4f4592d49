package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.stores.StoreInvitations;
import dev.esm.stores.Stores;
import dev.esm.stores.TestGrants;

/** Erasing one buyer on request: owner only, confirmed on the page, audited, and invisible to other operators. */
class EraseBuyerIntegrationTests extends IntegrationTest {

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    StoreInvitations invitations;
    @Autowired
    ApplicationContext context;

    @Test
    void theOwnerErasesOneBuyerThroughTheApiOnceAndItIsAudited() throws Exception {
        Shop shop = shop();
        UUID order = shop.orders().get(0);
        UUID other = shop.orders().get(1);
        WebClient web = signedIn(shop.owner());
        assertThat(web.api("POST", "/api/v1/orders/" + order + "/buyer", null).status()).isEqualTo(200);

        WebClient.Response erased = web.api("POST", "/api/v1/orders/" + order + "/buyer/erasure", null);
        assertThat(erased.status()).isEqualTo(200);
        assertThat(erased.body()).contains("\"reason\":\"OPERATOR_REQUEST\"").contains("\"at\":");
        assertThat(web.api("GET", "/api/v1/orders/" + order, null).body())
                .contains("\"buyerRemoved\":{").doesNotContain("\"buyer\":{");
        WebClient.Response reveal = web.api("POST", "/api/v1/orders/" + order + "/buyer", null);
        assertThat(reveal.status()).isEqualTo(404);
        assertThat(reveal.body()).contains("buyer-not-found");
        WebClient.Response again = web.api("POST", "/api/v1/orders/" + order + "/buyer/erasure", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("buyer-already-removed");

        assertThat(held(order)).isFalse();
        assertThat(held(other)).as("only the one order's buyer").isTrue();
        assertThat(audits(shop.owner().id(), order)).isEqualTo(1);
        assertThat(web.api("GET", "/api/v1/orders/" + other, null).body()).contains("\"buyer\":{").doesNotContain("buyerRemoved");
    }

    @Test
    void anotherOperatorGets404AndAMemberOfTheStore403AndNothingChanges() throws Exception {
        Shop shop = shop();
        UUID order = shop.orders().get(0);
        TestOperator stranger = operators.create("Erase Stranger");
        WebClient strangerWeb = signedIn(stranger);
        assertThat(strangerWeb.api("POST", "/api/v1/orders/" + order + "/buyer/erasure", null).status())
                .isEqualTo(404);
        assertThat(strangerWeb.get("/orders/" + order + "/buyer/erasure").status()).isEqualTo(404);
        assertThat(strangerWeb.post("/orders/" + order + "/buyer/erasure", Map.of("confirm", "yes")).status())
                .isEqualTo(404);

        TestOperator member = operators.create("Erase Member");
        TestGrants.grant(invitations, shop.owner().id(), shop.store(), member);
        WebClient memberWeb = signedIn(member);
        WebClient.Response refused = memberWeb.api("POST", "/api/v1/orders/" + order + "/buyer/erasure", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("owner-only");
        assertThat(memberWeb.get("/orders/" + order).body()).contains("Reveal buyer details")
                .doesNotContain("id=\"erase-buyer\"");
        assertThat(memberWeb.post("/orders/" + order + "/buyer/erasure", Map.of("confirm", "yes")).status())
                .isEqualTo(403);

        assertThat(held(order)).isTrue();
        assertThat(audits(shop.owner().id(), order) + audits(member.id(), order) + audits(stranger.id(), order))
                .isZero();
    }

    @Test
    void thePageAsksForConfirmationBeforeErasing() throws Exception {
        Shop shop = shop();
        UUID order = shop.orders().get(0);
        WebClient web = signedIn(shop.owner());
        String page = web.get("/orders/" + order).body();
        assertThat(page).contains("id=\"erase-buyer\"");

        String confirm = web.get("/orders/" + order + "/buyer/erasure").body();
        assertThat(confirm).contains("Erase the buyer").contains("for good").contains("name=\"confirm\"");
        WebClient.Response unconfirmed = web.post("/orders/" + order + "/buyer/erasure", Map.of());
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("id=\"erase-confirm-error\"").contains("Tick the box");
        assertThat(held(order)).as("not erased without the confirmation").isTrue();

        WebClient.Response done = web.post("/orders/" + order + "/buyer/erasure", Map.of("confirm", "yes"));
        assertThat(done.status()).isEqualTo(302);
        assertThat(held(order)).isFalse();
        String after = web.get("/orders/" + order).body();
        assertThat(after).contains("Buyer details removed on").contains("erased them on request")
                .doesNotContain("id=\"reveal-buyer\"").doesNotContain("id=\"erase-buyer\"");
        assertThat(audits(shop.owner().id(), order)).isEqualTo(1);
    }

    private record Shop(TestOperator owner, UUID store, List<UUID> orders) {
    }

    private Shop shop() throws Exception {
        TestOperator owner = operators.create("Erase Owner");
        String clientId = "erase-one-" + UUID.randomUUID();
        WalmartSeller walmart = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        walmart.generateOrders(5, Duration.ofDays(2));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Erase one",
                new StoreCredentials.Walmart(clientId, walmart.clientSecret()), "test").id());
        ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store).recorded().orElseThrow());
        List<UUID> orders = new java.util.ArrayList<>();
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement query = db.prepareStatement(
                "select order_id from esm.order_buyer where store_id = ? order by order_id")) {
            query.setObject(1, store);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    orders.add(rs.getObject(1, UUID.class));
                }
            }
        }
        assertThat(orders).hasSizeGreaterThanOrEqualTo(2);
        return new Shop(owner, store, orders);
    }

    private WebClient signedIn(TestOperator operator) {
        WebClient web = browser();
        web.signIn(operator.email(), operator.password());
        return web;
    }

    private boolean held(UUID order) throws Exception {
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement query = db.prepareStatement(
                "select sealed is not null from esm.order_buyer where order_id = ?")) {
            query.setObject(1, order);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private long audits(UUID actor, UUID order) throws Exception {
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement query = db.prepareStatement(
                "select count(*) from esm.audit_event where actor_id = ? and action = 'order.erase-buyer' and target = ?")) {
            query.setObject(1, actor);
            query.setString(2, "order:" + order);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
