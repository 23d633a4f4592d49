package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

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
import dev.esm.stores.StoreHealth;
import dev.esm.stores.StoreStatus;
import dev.esm.stores.Stores;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * One rule for "stores needing attention": the Today page (and the Orders banner) and the Stores list's badges agree,
 * store by store, on a stale store, a store whose first sync is long overdue, a store whose credentials Walmart
 * refuses, and a store that waits for its quota (synced 3 minutes ago with a 5 s poll interval but told to wait 10
 * minutes: not stale, though twice its poll interval has long passed).
 */
class StoreAttentionAgreementIntegrationTests extends IntegrationTest {

    @Autowired
    Stores stores;
    @Autowired
    SyncOrders sync;
    @Autowired
    Today today;
    @Autowired
    StoreHealth health;
    @Autowired
    ApplicationContext context;

    @Test
    void todayAndTheStoresBadgesAgreeOnStaleRefusedAndWaitingStores() throws Exception {
        TestOperator owner = operators.create("Attention Seller");
        UUID stale = store(owner, "Attention stale", true);
        UUID waiting = store(owner, "Attention waiting", true);
        UUID overdue = store(owner, "Attention overdue", false);
        WalmartSeller refusedSeller = TestSandbox.walmartSeller().generateOrders(2);
        UUID refused = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Attention refused",
                new StoreCredentials.Walmart(refusedSeller.clientId(), refusedSeller.clientSecret()), "test").id());
        ActingOperator.runAs(owner.id(), () -> sync.sync(refused));
        refusedSeller.resetClientSecret("reset-" + UUID.randomUUID());
        TestSandbox.walmart().expireAllTokens();
        ActingOperator.runAs(owner.id(), () -> sync.sync(refused));
        try (Connection db = DatabaseAccess.superuser(context); Statement sql = db.createStatement()) {
            sql.executeUpdate("update esm.order_sync set last_success_at = now() - interval '1 hour', "
                    + "poll_interval_ms = 5000, next_sync_at = now() - interval '59 minutes' where store_id = '"
                    + stale + "'");
            sql.executeUpdate("update esm.order_sync set last_success_at = now() - interval '3 minutes', "
                    + "poll_interval_ms = 5000, next_sync_at = now() + interval '7 minutes' where store_id = '"
                    + waiting + "'");
            sql.executeUpdate("update esm.store set created_at = now() - interval '1 hour' where id = '" + overdue
                    + "'");
        }

        Map<UUID, String> fromToday = ActingOperator.runAs(owner.id(), () -> today.attention()).stream()
                .filter(a -> a.reason() != Today.Reason.PUSH_FAILURES)
                .collect(Collectors.toMap(Today.StoreAttention::storeId, a -> a.reason().name()));
        Map<UUID, String> fromBadges = ActingOperator.runAs(owner.id(), () -> health.needingAttention()).stream()
                .collect(Collectors.toMap(s -> s.store().id(), s -> reason(s.health())));
        assertThat(fromToday).containsExactlyInAnyOrderEntriesOf(Map.of(stale, "STALE", overdue, "STALE",
                refused, "RECONNECT"));
        assertThat(fromBadges).isEqualTo(fromToday);

        // and the pages say the same: the Today list and the Orders banner, the Stores badges and banner
        WebClient web = browser();
        web.signIn(owner.email(), owner.password());
        String todayPage = web.get("/today").body();
        String ordersPage = web.get("/orders").body();
        String storesPage = web.get("/stores").body();
        for (UUID store : new UUID[] {stale, overdue}) {
            assertThat(todayPage).contains("class=\"attention-stale\" data-store=\"" + store + "\"");
            assertThat(ordersPage).contains("class=\"attention-stale\" data-store=\"" + store + "\"");
            assertThat(storesPage).contains("data-store=\"" + store + "\" data-health=\"STALE\"");
        }
        assertThat(todayPage).contains("class=\"attention-reconnect\" data-store=\"" + refused + "\"");
        assertThat(storesPage).contains("data-store=\"" + refused + "\" data-health=\"NEEDS_RECONNECTING\"");
        assertThat(todayPage).doesNotContain("data-store=\"" + waiting + "\"");
        assertThat(ordersPage).doesNotContain("attention-stale\" data-store=\"" + waiting + "\"");
        assertThat(storesPage).doesNotContain("data-store=\"" + waiting + "\" data-health");
    }

    private UUID store(TestOperator owner, String name, boolean synced) {
        WalmartSeller seller = TestSandbox.walmartSeller().generateOrders(2);
        return ActingOperator.runAs(owner.id(), () -> {
            UUID id = stores.add(Marketplace.WALMART, name, new StoreCredentials.Walmart(seller.clientId(),
                    seller.clientSecret()), "test").id();
            if (synced) {
                sync.sync(id);
            }
            return id;
        });
    }

    private static String reason(StoreStatus.Health health) {
        return switch (health) {
            case NEEDS_RECONNECTING -> "RECONNECT";
            default -> health.name();
        };
    }
}
