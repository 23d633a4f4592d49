package dev.esm.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.TestClock;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.privacy.ErasureReason;
import dev.esm.privacy.RetentionSweep;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Stores;

/**
 * Retention (issue 12): with the application's clock moved past the 30 days, the sweep removes the buyer data of the
 * orders done (delivered, shipped, cancelled) and nothing else, keeps every order fact, writes one audit entry; a later
 * sync does not bring the buyer back, and a database dump holds none of the removed values. The sweep is limited to
 * this test's store (the database is shared with every other test's orders); the production sweep is the same code
 * with no limit.
 */
class BuyerRetentionIntegrationTests extends IntegrationTest {

    private static final Set<String> DONE = Set.of("DELIVERED", "SHIPPED", "CANCELLED");

    @Autowired
    BuyerRetention retention;
    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    OrderQueries queries;
    @Autowired
    TestClock clock;
    @Autowired
    ApplicationContext context;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void buyerDataGoesAfterTheRetentionPeriodOrderFactsStayAndNothingBringsItBack() throws Exception {
        TestOperator owner = operators.create("Retention Seller");
        String clientId = "retention-" + UUID.randomUUID();
        WalmartSeller walmart = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        // orders placed within the last 3 days: each reached its status at most 3 days ago
        walmart.generateOrders(60, Duration.ofDays(3));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Retention",
                new StoreCredentials.Walmart(clientId, walmart.clientSecret()), "test").id());
        ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store).recorded().orElseThrow());

        Map<UUID, String> facts = facts(store);
        List<UUID> done = facts.entrySet().stream().filter(e -> DONE.contains(e.getValue().split("\\|")[0]))
                .map(Map.Entry::getKey).toList();
        List<UUID> open = facts.keySet().stream().filter(id -> !done.contains(id)).toList();
        assertThat(done).as("orders done at the marketplace").isNotEmpty();
        assertThat(open).as("orders still to ship").isNotEmpty();
        // what a removed buyer leaves nowhere: the values an operator saw on reveal, the sealed bytes, the index terms
        List<String> removedValues = new ArrayList<>();
        for (UUID id : done) {
            OrderViews.Buyer buyer = ActingOperator.runAs(owner.id(), () -> queries.revealBuyer(id, "test"));
            removedValues.add(buyer.name());
            removedValues.add(buyer.address1());
            removedValues.add(buyer.phone());
        }
        Map<UUID, String[]> stored = stored(store);
        for (UUID id : done) {
            removedValues.add(stored.get(id)[0]);
            removedValues.addAll(List.of(stored.get(id)[1].split(",")));
        }
        removedValues.removeIf(v -> v == null || v.length() < 6);
        String before = DatabaseAccess.dump(context);
        UUID first = done.get(0);
        assertThat(before).as("the dump shows a held buyer's sealed value (so the check below can fail)")
                .contains(stored.get(first)[0]);

        long audits = sweepAudits();
        clock.advance(Duration.ofDays(25));
        RetentionSweep.Result early = retention.sweep(new UUID[] {store});
        assertThat(early.total()).as("25 days after, within the 30 days").isZero();
        assertThat(held(store)).containsExactlyInAnyOrderElementsOf(facts.keySet());

        clock.advance(Duration.ofDays(9));
        RetentionSweep.Result swept = retention.sweep(new UUID[] {store});
        assertThat(swept.total()).isEqualTo(done.size());
        assertThat(swept.removed().get(Marketplace.WALMART)).isEqualTo(done.size());
        assertThat(held(store)).as("buyers of orders still to ship stay").containsExactlyInAnyOrderElementsOf(open);
        assertThat(facts(store)).as("every order fact kept").isEqualTo(facts);
        assertThat(sweepAudits()).as("one audit entry per sweep").isEqualTo(audits + 2);
        assertThat(lastSweepTarget()).contains("buyers-removed:" + done.size()).contains("walmart " + done.size());
        OrderViews.OrderDetails details = ActingOperator.runAs(owner.id(), () -> queries.get(first));
        assertThat(details.buyer()).isNull();
        assertThat(details.buyerRemoved().reason()).isEqualTo(ErasureReason.RETENTION);
        assertThat(details.buyerRemoved().at()).isAfter(java.time.Instant.now().plus(Duration.ofDays(33)));

        clock.reset();
        WalmartSeller.TickResult tick = walmart.tick(0, 30);
        assertThat(tick.changed()).isNotEmpty();
        ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store).recorded().orElseThrow());
        List<UUID> heldAfter = held(store);
        assertThat(heldAfter).as("no removed buyer came back with the sync").doesNotContainAnyElementsOf(done);
        assertThat(retention.sweep(new UUID[] {store}).total()).as("nothing left to remove now").isZero();

        // a word of a removed buyer's name that a held buyer of the store shares keeps its term (the same keyed hash)
        for (String[] kept : stored(store).values()) {
            if (kept[1] != null && !kept[1].isEmpty()) {
                removedValues.removeAll(List.of(kept[1].split(",")));
            }
        }
        assertThat(removedValues).as("values to look for").hasSizeGreaterThanOrEqualTo(done.size() * 4);
        String after = DatabaseAccess.dump(context);
        for (String value : removedValues) {
            assertThat(after).as("a removed buyer value in the dump").doesNotContain(value);
        }
    }

    /** Per order: status, total, SKUs, its lines and its status history, as stored. */
    private Map<UUID, String> facts(UUID store) throws Exception {
        Map<UUID, String> facts = new HashMap<>();
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement query = db.prepareStatement("""
                select o.id, o.status || '|' || o.total || '|' || o.skus::text || '|' || o.marketplace_order_id
                       || '|' || (select string_agg(l.sku || ':' || l.quantity || ':' || l.unit_price, ',' order by
                                  l.line_number) from esm.order_line l where l.order_id = o.id)
                       || '|' || (select string_agg(c.status || '@' || c.at, ',' order by c.at, c.id)
                                    from esm.order_status_change c where c.order_id = o.id)
                  from esm.customer_order o where o.store_id = ?""")) {
            query.setObject(1, store);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    facts.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        }
        return facts;
    }

    /** Per order with a held buyer: its sealed value in hex and its name index terms, comma-separated. */
    private Map<UUID, String[]> stored(UUID store) throws Exception {
        Map<UUID, String[]> stored = new HashMap<>();
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement query = db.prepareStatement(
                "select order_id, sealed, array_to_string(name_index, ',') from esm.order_buyer where store_id = ?")) {
            query.setObject(1, store);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    byte[] sealed = rs.getBytes(2);
                    stored.put(rs.getObject(1, UUID.class), new String[] {
                            sealed == null ? null : HexFormat.of().formatHex(sealed), rs.getString(3)});
                }
            }
        }
        return stored;
    }

    /** Orders of the store whose buyer row still holds a sealed value or an index term. */
    private List<UUID> held(UUID store) throws Exception {
        List<UUID> held = new ArrayList<>();
        try (Connection db = DatabaseAccess.superuser(context); PreparedStatement query = db.prepareStatement("""
                select order_id from esm.order_buyer
                 where store_id = ? and (sealed is not null or cardinality(name_index) > 0)""")) {
            query.setObject(1, store);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    held.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return held;
    }

    private long sweepAudits() throws Exception {
        try (Connection db = DatabaseAccess.superuser(context); var st = db.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from esm.audit_event where action = '"
                     + BuyerRetention.AUDIT_ACTION + "' and actor_id is null and source = 'retention'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String lastSweepTarget() throws Exception {
        try (Connection db = DatabaseAccess.superuser(context); var st = db.createStatement();
             ResultSet rs = st.executeQuery("select target from esm.audit_event where action = '"
                     + BuyerRetention.AUDIT_ACTION + "' order by id desc limit 1")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
