package dev.esm.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.orders.OrderException;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.platform.jobs.Jobs;
import dev.esm.sandbox.ebay.EbayNotifications;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.ebay.EbaySimulator;
import dev.esm.shared.Marketplace;
import dev.esm.stores.SellerAccountClosures;
import dev.esm.stores.Stores;

/**
 * eBay's Marketplace Account Deletion end to end (issue 12 §4, ADR 33): the eBay simulator signs notices with a key pair
 * generated here and serves its public key; ESM verifies them over real HTTP, keeps them and removes the user's buyer
 * data in every operator's orders, or disconnects the stores of a closed seller account.
 */
class AccountDeletionIntegrationTests extends IntegrationTest {

    private static final String TOKEN = EBAY_DELETION_TOKEN;
    private static final String KIND = "marketplace-account-deletion";

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    SellerAccountClosures closures;
    @Autowired
    Jobs jobs;
    @Autowired
    ApplicationContext context;
    @Autowired
    OrderQueries queries;

    private final EbaySimulator ebay = TestSandbox.ebay();
    private final HttpClient http = HttpClient.newHttpClient();

    private record Shop(TestOperator owner, UUID store) {
    }

    @Test
    void challengeAnswersTheHashOfCodeTokenAndEndpoint() throws Exception {
        String code = "a8628072-3d33-45ee-9004-bee86830a22d";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "?challenge_code="
                + URLEncoder.encode(code, StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());

        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(code.getBytes(StandardCharsets.UTF_8));
        sha256.update(TOKEN.getBytes(StandardCharsets.UTF_8));
        sha256.update(endpoint().getBytes(StandardCharsets.UTF_8));
        String expected = HexFormat.of().formatHex(sha256.digest());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(answer.body()).isEqualTo("{\"challengeResponse\":\"" + expected + "\"}");

        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(endpoint())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(400);
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/webhooks/nowhere/account-deletion?challenge_code=x")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
    }

    @Test
    void aSignedNoticeRemovesThatBuyerInEveryOperatorsOrdersAndARepeatChangesNothingMore() throws Exception {
        EbaySeller seller = seller();
        Shop first = shop(seller, "Two homes A");
        Shop second = shop(seller, "Two homes B");
        String username = seller.order(seller.orderId(0)).orElseThrow().buyerUsername();
        long ofThatBuyer = seller.orderIds().stream().map(id -> seller.order(id).orElseThrow())
                .filter(o -> o.buyerUsername().equalsIgnoreCase(username)).count();
        int total = seller.orderCount();
        assertThat(held(first.store()) + held(second.store())).isEqualTo(2L * total);
        registerKeyMadeHere();

        // the username in another case: eBay usernames are not case-sensitive
        EbayNotifications.Notification notice = ebay.notifications()
                .notification(username.toUpperCase(Locale.ROOT), "u" + UUID.randomUUID());
        assertThat(deliver(notice.body(), notice.signatureHeader())).isEqualTo(204);
        processed(notice.notificationId());

        for (Shop shop : List.of(first, second)) {
            assertThat(held(shop.store())).isEqualTo(total - ofThatBuyer);
            assertThat(removedForDeletion(shop.store())).isEqualTo(ofThatBuyer);
            // the operator's reveal shows nothing of the removed buyer, and still shows another buyer
            UUID removed = UUID.fromString(text("select order_id::text from esm.order_buyer where store_id = ?::uuid "
                    + "and removed_reason = 'MARKETPLACE_ACCOUNT_DELETION' limit 1", shop.store().toString()));
            UUID kept = UUID.fromString(text("select order_id::text from esm.order_buyer where store_id = ?::uuid "
                    + "and sealed is not null limit 1", shop.store().toString()));
            assertThatThrownBy(() -> ActingOperator.runAs(shop.owner().id(), () -> queries.revealBuyer(removed, "test")))
                    .isInstanceOf(OrderException.class);
            assertThat(ActingOperator.runAs(shop.owner().id(), () -> queries.revealBuyer(kept, "test")).name())
                    .isNotBlank();
        }
        assertThat(number("select orders_erased from esm.account_deletion_notice where notification_id = ?",
                notice.notificationId())).isEqualTo(2 * ofThatBuyer);
        assertThat(number("select count(*) from esm.account_deletion_notice where notification_id = ? "
                + "and accounts is null and processed_at is not null", notice.notificationId())).isEqualTo(1);
        long audits = audits(notice.notificationId());
        assertThat(audits).isEqualTo(1);
        // the sync of a changed order keeps the buyer removed
        String changed = seller.orderIds().stream().filter(id -> seller.order(id).orElseThrow().buyerUsername()
                .equalsIgnoreCase(username)).findFirst().orElseThrow();
        seller.advance(changed);
        sync(first);
        assertThat(held(first.store())).isEqualTo(total - ofThatBuyer);

        // the same notice again: accepted, and nothing more happens
        assertThat(deliver(notice.body(), notice.signatureHeader())).isEqualTo(204);
        jobs.runDue(KIND, 10);
        assertThat(number("select count(*) from esm.account_deletion_notice where notification_id = ?",
                notice.notificationId())).isEqualTo(1);
        assertThat(number("select duplicates from esm.account_deletion_notice where notification_id = ?",
                notice.notificationId())).isEqualTo(1);
        assertThat(number("select orders_erased from esm.account_deletion_notice where notification_id = ?",
                notice.notificationId())).isEqualTo(2 * ofThatBuyer);
        assertThat(audits(notice.notificationId())).isEqualTo(audits);
        for (Shop shop : List.of(first, second)) {
            assertThat(removedForDeletion(shop.store())).isEqualTo(ofThatBuyer);
        }
    }

    @Test
    void tamperedBodyWrongKeyIdOrMissingHeaderIs412AndChangesNothing() throws Exception {
        EbaySeller seller = seller();
        Shop shop = shop(seller, "Tampered");
        String username = seller.order(seller.orderId(0)).orElseThrow().buyerUsername();
        registerKeyMadeHere();
        EbayNotifications.Notification notice = ebay.notifications().notification(username, "u" + UUID.randomUUID());
        long buyers = held(shop.store());
        long notices = number("select count(*) from esm.account_deletion_notice");

        byte[] tampered = new String(notice.body(), StandardCharsets.UTF_8).replace(username, username + "x")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(deliver(tampered, notice.signatureHeader())).isEqualTo(412);
        assertThat(deliver(notice.body(), null)).isEqualTo(412);
        KeyPair unknown = ecKeyPair();
        String wrongKid = EbayNotifications.sign(new EbayNotifications.SigningKey("not-a-key-" + UUID.randomUUID(),
                unknown, "SHA1"), notice.body());
        assertThat(deliver(notice.body(), wrongKid)).isEqualTo(412);
        // a known key id, but the signature made with another key
        String otherKey = EbayNotifications.sign(new EbayNotifications.SigningKey(
                ebay.notifications().currentKey().kid(), unknown, "SHA1"), notice.body());
        assertThat(deliver(notice.body(), otherKey)).isEqualTo(412);
        assertThat(deliver(notice.body(), "not base64 at all")).isEqualTo(412);
        // a correctly signed body that is not a deletion notice
        byte[] otherTopic = new String(notice.body(), StandardCharsets.UTF_8)
                .replace("MARKETPLACE_ACCOUNT_DELETION", "PRIORITY_LISTING_REVISION").getBytes(StandardCharsets.UTF_8);
        assertThat(deliver(otherTopic, EbayNotifications.sign(ebay.notifications().currentKey(), otherTopic)))
                .isEqualTo(412);
        jobs.runDue(KIND, 10);

        assertThat(number("select count(*) from esm.account_deletion_notice")).isEqualTo(notices);
        assertThat(held(shop.store())).isEqualTo(buyers);
        assertThat(removedForDeletion(shop.store())).isZero();

        // the untouched notice still passes
        assertThat(deliver(notice.body(), notice.signatureHeader())).isEqualTo(204);
        processed(notice.notificationId());
        assertThat(held(shop.store())).isLessThan(buyers);
    }

    @Test
    void aFailingKeyEndpointIs503AndChangesNothingThenTheRetryIsTakenIn() throws Exception {
        EbaySeller seller = seller();
        Shop shop = shop(seller, "Key endpoint down");
        String username = seller.order(seller.orderId(0)).orElseThrow().buyerUsername();
        registerKeyMadeHere();
        EbayNotifications.Notification notice = ebay.notifications().notification(username, "u" + UUID.randomUUID());
        long buyers = held(shop.store());
        long notices = number("select count(*) from esm.account_deletion_notice");
        HttpResponse<String> answer;
        try {
            ebay.faults().setServerErrorShare(1.0);
            answer = deliverForAnswer(notice.body(), notice.signatureHeader());
        } finally {
            ebay.faults().reset();
        }
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        jobs.runDue(KIND, 10);
        assertThat(number("select count(*) from esm.account_deletion_notice")).isEqualTo(notices);
        assertThat(held(shop.store())).isEqualTo(buyers);

        // eBay delivers it again once its key endpoint works
        assertThat(deliver(notice.body(), notice.signatureHeader())).isEqualTo(204);
        processed(notice.notificationId());
        assertThat(held(shop.store())).isLessThan(buyers);
    }

    @Test
    void aClosedSellerAccountDisconnectsItsStoresAndTellsTheirOwners() throws Exception {
        EbaySeller seller = seller();
        Shop first = shop(seller, "Closing A");
        Shop second = shop(seller, "Closing B");
        EbaySeller other = seller();
        Shop unrelated = shop(other, "Still open");
        registerKeyMadeHere();

        EbayNotifications.Notification notice = ebay.notifications().notification(seller.username(), seller.userId());
        assertThat(deliver(notice.body(), notice.signatureHeader())).isEqualTo(204);
        processed(notice.notificationId());

        for (Shop shop : List.of(first, second)) {
            assertThat(ActingOperator.runAs(shop.owner().id(), () -> stores.get(shop.store()).credentialsSet()))
                    .isFalse();
            SellerAccountClosures.Disconnection why = ActingOperator.runAs(shop.owner().id(),
                    () -> closures.disconnection(shop.store())).orElseThrow();
            assertThat(why.reason()).contains("closed the seller account");
            assertThat(number("select count(*) from esm.audit_event where action = 'store.disconnected-account-closed'"
                    + " and target = ?", "store:" + shop.store())).isEqualTo(1);
            var page = browser();
            page.signIn(shop.owner().email(), shop.owner().password());
            assertThat(page.get("/stores/" + shop.store()).body()).contains("store-disconnected")
                    .contains("closed the seller account");
        }
        assertThat(number("select stores_disconnected from esm.account_deletion_notice where notification_id = ?",
                notice.notificationId())).isEqualTo(2);
        assertThat(ActingOperator.runAs(unrelated.owner().id(), () -> stores.get(unrelated.store()).credentialsSet()))
                .isTrue();

        // again: nothing more
        assertThat(deliver(notice.body(), notice.signatureHeader())).isEqualTo(204);
        jobs.runDue(KIND, 10);
        assertThat(number("select count(*) from esm.audit_event where action = 'store.disconnected-account-closed'"
                + " and target = ?", "store:" + first.store())).isEqualTo(1);
    }

    // ---- helpers ----

    private String endpoint() {
        return "http://localhost:" + port + "/webhooks/ebay/account-deletion";
    }

    private EbaySeller seller() {
        EbaySeller seller = ebay.registerSeller("del_" + UUID.randomUUID().toString().substring(0, 8));
        seller.generateOrders(40, Duration.ofDays(10));
        return seller;
    }

    /** A store of a new operator connected to the seller (as the consent flow leaves it: with its user id), synced. */
    private Shop shop(EbaySeller seller, String name) {
        TestOperator owner = operators.create(name);
        String refreshToken = ebay.issueRefreshToken(TestSandbox.ebayApp(), seller);
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.EBAY, name,
                new StoreCredentials.Ebay(refreshToken, seller.userId()), "test").id());
        Shop shop = new Shop(owner, store);
        sync(shop);
        return shop;
    }

    private void sync(Shop shop) {
        ActingOperator.runAs(shop.owner().id(), () -> syncOrders.sync(shop.store()));
    }

    private void registerKeyMadeHere() throws Exception {
        ebay.notifications().register("test-key-" + UUID.randomUUID(), ecKeyPair(), "SHA1");
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private int deliver(byte[] body, String signature) throws Exception {
        return deliverForAnswer(body, signature).statusCode();
    }

    private HttpResponse<String> deliverForAnswer(byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(EbayNotifications.SIGNATURE_HEADER, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Works the notice's job (the node's own workers may be first) and waits until it is processed. */
    private void processed(String notificationId) throws Exception {
        Instant until = Instant.now().plusSeconds(30);
        while (number("select count(*) from esm.account_deletion_notice where notification_id = ? "
                + "and processed_at is not null", notificationId) == 0) {
            assertThat(Instant.now()).as("notice processed in time").isBefore(until);
            jobs.runDue(KIND, 10);
            Thread.sleep(50);
        }
    }

    /** Buyers of the store whose data is still held (sealed). */
    private long held(UUID store) throws Exception {
        return number("select count(*) from esm.order_buyer where store_id = ?::uuid and sealed is not null",
                store.toString());
    }

    private long removedForDeletion(UUID store) throws Exception {
        return number("select count(*) from esm.order_buyer where store_id = ?::uuid and sealed is null "
                + "and removed_reason = 'MARKETPLACE_ACCOUNT_DELETION' and account_index = '{}'", store.toString());
    }

    private long audits(String notificationId) throws Exception {
        return number("select count(*) from esm.audit_event where action = 'privacy.marketplace-account-deletion' and target = "
                + "(select 'notice:' || id from esm.account_deletion_notice where notification_id = ?)",
                notificationId);
    }

    private String text(String sql, String... parameters) throws Exception {
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getString(1);
            }
        }
    }

    private long number(String sql, String... parameters) throws Exception {
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
