package dev.esm.orders;

import dev.esm.shared.FulfilledBy;
import dev.esm.shared.OrderFlag;
import dev.esm.shared.OrderStatus;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.orders.OrderViews.Buyer;
import dev.esm.orders.OrderViews.Charges;
import dev.esm.orders.OrderViews.Line;
import dev.esm.orders.OrderViews.MaskedBuyer;
import dev.esm.orders.OrderViews.OrderDetails;
import dev.esm.orders.OrderViews.OrderPage;
import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.orders.OrderViews.StatusChange;
import dev.esm.orders.internal.BuyerNames;
import dev.esm.orders.internal.OrderWriter;
import dev.esm.platform.AuditTrail;
import dev.esm.platform.Vault;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Store;
import dev.esm.stores.Stores;

/**
 * Orders across the acting operator's stores: filtered, searched and paged by keyset (newest first), one order with
 * its lines and history, and the audited reveal of its buyer. Row-level security limits every query to the operator's
 * stores; the queries filter by those stores explicitly as well.
 */
@Service
public class OrderQueries {

    static final Duration AT_RISK = Duration.ofHours(24);
    private static final Set<String> OPEN = Set.of("UNSHIPPED", "PARTIALLY_SHIPPED");

    private final JdbcClient jdbc;
    private final Stores stores;
    private final Vault vault;
    private final AuditTrail audit;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    OrderQueries(JdbcClient jdbc, Stores stores, Vault vault, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
    }

    /** What an order summary shows beside status and dates (V15): who ships, service, flags and the charges. */
    private static final String DETAIL_COLUMNS = """
            , o.deliver_by, o.fulfilled_by, o.requested_service, o.flags, o.item_subtotal, o.shipping_charged,
              o.seller_tax, o.marketplace_tax, o.discount, o.marketplace_fees, o.refunded, o.payout""";

    /**
     * A list row's columns: the order's own; the store's name and marketplace come from the visible stores already
     * read (no join to store per row).
     */
    private static final String LIST_COLUMNS = """
            select o.id, o.store_id, o.marketplace_order_id, o.status, o.marketplace_status, o.ordered_at, o.ship_by,
                   o.total, o.currency,
                   (select coalesce(sum(l.quantity), 0) from order_line l where l.order_id = o.id) as items"""
            + DETAIL_COLUMNS;

    /**
     * One page, newest first. Without a search, each visible store's first {@code limit + 1} matching orders are read
     * from an index led by store_id in list order (an index-only scan, see V5__order_list_indexes.sql) and merged, so
     * a page costs stores x page size index entries whatever the number of orders. A search first finds the matching
     * orders (by order id, by SKU through the lines, by buyer name through the blind index), materialized, and then
     * fetches and orders them by primary key (V21__order_list_plans.sql). Neither joins store: the store's name and
     * marketplace come from the visible stores read first.
     */
    @Transactional(readOnly = true)
    public OrderPage list(OrderFilter filter) {
        Instant now = clock.instant();
        List<Store> visible = stores.list().stream()
                .filter(s -> filter.storeId() == null || s.id().equals(filter.storeId()))
                .filter(s -> filter.marketplace() == null || s.marketplace() == filter.marketplace())
                .toList();
        if (visible.isEmpty()) {
            return new OrderPage(List.of(), null);
        }
        UUID[] storeIds = visible.stream().map(Store::id).toArray(UUID[]::new);
        StringBuilder conditions = new StringBuilder();
        List<Object> conditionParams = new ArrayList<>();
        if (filter.status() != null) {
            conditions.append(" and o.status = ?");
            conditionParams.add(filter.status().name());
        }
        if (filter.shipByFrom() != null) {
            conditions.append(" and o.ship_by >= ?");
            conditionParams.add(Timestamp.from(filter.shipByFrom()));
        }
        if (filter.shipByTo() != null) {
            conditions.append(" and o.ship_by < ?");
            conditionParams.add(Timestamp.from(filter.shipByTo()));
        }
        if (filter.late()) {
            conditions.append(" and o.status in ('UNSHIPPED', 'PARTIALLY_SHIPPED') and o.fulfilled_by = 'SELLER'"
                    + " and o.ship_by < ?");
            conditionParams.add(Timestamp.from(now));
        }
        if (filter.atRisk()) {
            conditions.append(" and o.status in ('UNSHIPPED', 'PARTIALLY_SHIPPED') and o.fulfilled_by = 'SELLER'"
                    + " and o.ship_by >= ? and o.ship_by < ?");
            conditionParams.add(Timestamp.from(now));
            conditionParams.add(Timestamp.from(now.plus(AT_RISK)));
        }
        if (filter.after() != null) {
            Keyset keyset = Keyset.parse(filter.after());
            conditions.append(" and (o.ordered_at, o.id) < (?, ?)");
            conditionParams.add(Timestamp.from(keyset.orderedAt()));
            conditionParams.add(keyset.id());
        }
        String sql;
        List<Object> params = new ArrayList<>();
        if (filter.query() == null) {
            sql = """
                    with page as materialized (
                        select k.id from unnest(?::uuid[]) as v(store_id) cross join lateral (
                                select o.id, o.ordered_at from customer_order o
                                 where o.store_id = v.store_id%s
                                 order by o.ordered_at desc, o.id desc limit ?) k
                         order by k.ordered_at desc, k.id desc limit ?)
                    %s
                      from page p join customer_order o on o.id = p.id
                     order by o.ordered_at desc, o.id desc""".formatted(conditions, LIST_COLUMNS);
            params.add(storeIds);
            params.addAll(conditionParams);
            params.add(filter.limit() + 1);
            params.add(filter.limit() + 1);
        } else {
            StringBuilder matches = new StringBuilder();
            appendSearch(matches, params, filter.query(), visible, storeIds);
            sql = """
                    with m as materialized (%s)
                    %s
                      from m join customer_order o on o.id = m.id
                     where o.store_id = any(?)%s
                     order by o.ordered_at desc, o.id desc limit ?""".formatted(matches, LIST_COLUMNS, conditions);
            params.add(storeIds);
            params.addAll(conditionParams);
            params.add(filter.limit() + 1);
        }
        Map<UUID, Store> byId = new HashMap<>();
        visible.forEach(store -> byId.put(store.id(), store));
        List<OrderSummary> rows = jdbc.sql(sql).params(params).query((rs, n) -> {
            Store store = byId.get(rs.getObject("store_id", UUID.class));
            return summary(rs, now, store.name(), store.marketplace());
        }).list();
        if (rows.size() <= filter.limit()) {
            return new OrderPage(rows, null);
        }
        List<OrderSummary> page = rows.subList(0, filter.limit());
        OrderSummary last = page.get(page.size() - 1);
        return new OrderPage(List.copyOf(page), new Keyset(last.orderedAt(), last.id()).format());
    }

    /**
     * The ids of the orders matching a search: order id or SKU exactly, or every word of the buyer's name through each
     * store's blind index. Each part can use an index under row-level security (see V5__order_list_indexes.sql).
     */
    private void appendSearch(StringBuilder sql, List<Object> params, String query, List<Store> visible,
                              UUID[] storeIds) {
        sql.append("select m.id from customer_order m where m.store_id = any(?) and m.marketplace_order_id = ?");
        params.add(storeIds);
        params.add(query);
        sql.append(" union select l.order_id from order_line l where l.store_id = any(?) and l.sku = ?");
        params.add(storeIds);
        params.add(query);
        List<String> words = List.copyOf(BuyerNames.words(query));
        if (words.isEmpty()) {
            return;
        }
        // only stores with an index key can have indexed buyers; a store that never synced has none and matches
        // nothing (the key is not created here: this is a read-only transaction)
        List<UUID> keyed = new ArrayList<>(visible.size());
        List<String> terms = new ArrayList<>(visible.size() * words.size());
        for (Store store : visible) {
            List<String> storeTerms = new ArrayList<>(words.size());
            for (String word : words) {
                vault.searchIndex(store.id(), OrderWriter.BUYER_NAME, word).ifPresent(storeTerms::add);
            }
            if (storeTerms.size() == words.size()) {
                keyed.add(store.id());
                terms.addAll(storeTerms);
            }
        }
        if (!keyed.isEmpty()) {
            sql.append(" union select esm.orders_by_buyer_name(?, ?, ?)");
            params.add(keyed.toArray(UUID[]::new));
            params.add(terms.toArray(String[]::new));
            params.add(words.size());
        }
    }

    @Transactional(readOnly = true)
    public OrderDetails get(UUID id) {
        Instant now = clock.instant();
        OrderSummary summary = summary(id, now);
        List<Line> lines = jdbc.sql("""
                        select line_number, sku, title, quantity, unit_price, status, unit_price_derived, variation,
                               condition, item_subtotal, shipping_charged, seller_tax, marketplace_tax, discount,
                               marketplace_fees, refunded, payout from order_line
                         where order_id = ? order by length(line_number), line_number""")
                .param(id)
                .query((rs, n) -> new Line(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getBigDecimal(5), rs.getString(6), rs.getBoolean(7), rs.getString(8), rs.getString(9),
                        charges(rs)))
                .list();
        List<StatusChange> history = jdbc.sql("""
                        select at, status, marketplace_status from order_status_change where order_id = ? order by at, id""")
                .param(id)
                .query((rs, n) -> new StatusChange(rs.getTimestamp(1).toInstant(), OrderStatus.valueOf(rs.getString(2)),
                        rs.getString(3)))
                .list();
        MaskedBuyer buyer = buyer(id, summary.storeId()).map(OrderQueries::mask).orElse(null);
        var times = jdbc.sql("select first_seen_at, updated_at from customer_order where id = ?").param(id)
                .query((rs, n) -> new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()})
                .single();
        return new OrderDetails(summary, lines, history, buyer, times[0], times[1]);
    }

    /** One order's summary; {@link OrderException} (not found) for an order the operator cannot see. */
    @Transactional(readOnly = true)
    public OrderSummary summary(UUID id) {
        return summary(id, clock.instant());
    }

    /** The buyer in full; each reveal is written to the audit log. */
    @Transactional
    public Buyer revealBuyer(UUID id, String source) {
        OrderSummary summary = summary(id, clock.instant());
        Buyer buyer = buyer(id, summary.storeId()).orElseThrow(() -> new OrderException(true, "buyer-not-found",
                "This order has no buyer details (they may have been anonymized)."));
        audit.record("order.reveal-buyer", "order:" + id, source);
        return buyer;
    }

    /**
     * The buyer of an order the acting operator revealed (audited) at or after {@code since}, to show that reveal again
     * (after a reload, back or forward) without recording a second one. Empty when no such reveal was recorded: then
     * the buyer stays masked until revealed again through {@link #revealBuyer}.
     */
    @Transactional(readOnly = true)
    public Optional<Buyer> buyerRevealedSince(UUID id, Instant since) {
        Optional<Instant> revealed = audit.lastRecorded("order.reveal-buyer", "order:" + id);
        if (revealed.isEmpty() || revealed.get().isBefore(since)) {
            return Optional.empty();
        }
        OrderSummary summary = summary(id, clock.instant());
        return buyer(id, summary.storeId());
    }

    /**
     * The buyer's address for the order's shipping label: a use the buyer's data exists for, recorded in the audit log
     * like a reveal (the action names the purpose). The caller must not log it.
     */
    @Transactional
    public Buyer buyerForLabel(UUID id, String source) {
        OrderSummary summary = summary(id, clock.instant());
        Buyer buyer = buyer(id, summary.storeId()).orElseThrow(() -> new OrderException(false, "buyer-not-found",
                "This order has no buyer address (it may have been anonymized); no label can be bought for it."));
        audit.record("order.buyer-for-label", "order:" + id, source);
        return buyer;
    }

    private OrderSummary summary(UUID id, Instant now) {
        // the store's name and marketplace come from the stores module (the order is visible only when its store is)
        return jdbc.sql(LIST_COLUMNS + " from customer_order o where o.id = ?").param(id)
                .query((rs, n) -> {
                    Store store = stores.get(rs.getObject("store_id", UUID.class));
                    return summary(rs, now, store.name(), store.marketplace());
                })
                .optional().orElseThrow(OrderException::orderNotFound);
    }

    private java.util.Optional<Buyer> buyer(UUID orderId, UUID storeId) {
        return jdbc.sql("select sealed from order_buyer where order_id = ?").param(orderId).query(byte[].class).optional()
                .map(sealed -> json.readValue(vault.open(storeId, OrderWriter.BUYER, sealed), Buyer.class));
    }

    private static MaskedBuyer mask(Buyer buyer) {
        StringBuilder initials = new StringBuilder();
        for (String word : BuyerNames.words(buyer.name())) {
            initials.append(Character.toUpperCase(word.charAt(0))).append(". ");
        }
        String zip = buyer.postalCode() == null ? null
                : buyer.postalCode().substring(0, Math.min(3, buyer.postalCode().length())) + "••";
        String phone = buyer.phone() == null || buyer.phone().length() < 2 ? null
                : "••" + buyer.phone().substring(buyer.phone().length() - 2);
        return new MaskedBuyer(initials.toString().strip(), buyer.state(), zip, phone);
    }

    private static OrderSummary summary(ResultSet rs, Instant now, String storeName, Marketplace marketplace)
            throws SQLException {
        Instant shipBy = rs.getTimestamp("ship_by") == null ? null : rs.getTimestamp("ship_by").toInstant();
        String status = rs.getString("status");
        FulfilledBy fulfilledBy = FulfilledBy.valueOf(rs.getString("fulfilled_by"));
        // an order the marketplace ships is never the seller's to be late with
        boolean open = OPEN.contains(status) && fulfilledBy == FulfilledBy.SELLER;
        return new OrderSummary(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class), storeName,
                marketplace, rs.getString("marketplace_order_id"), OrderStatus.valueOf(status),
                rs.getString("marketplace_status"), rs.getTimestamp("ordered_at").toInstant(), shipBy,
                rs.getBigDecimal("total"), rs.getString("currency"),
                rs.getInt("items"), open && shipBy != null && shipBy.isBefore(now),
                open && shipBy != null && !shipBy.isBefore(now) && shipBy.isBefore(now.plus(AT_RISK)),
                rs.getTimestamp("deliver_by") == null ? null : rs.getTimestamp("deliver_by").toInstant(), fulfilledBy,
                rs.getString("requested_service"), flags(rs.getArray("flags")), charges(rs));
    }

    private static Set<OrderFlag> flags(java.sql.Array array) throws SQLException {
        Set<OrderFlag> flags = EnumSet.noneOf(OrderFlag.class);
        if (array != null) {
            for (String flag : (String[]) array.getArray()) {
                flags.add(OrderFlag.valueOf(flag));
            }
        }
        return flags;
    }

    private static Charges charges(ResultSet rs) throws SQLException {
        return new Charges(rs.getBigDecimal("item_subtotal"), rs.getBigDecimal("shipping_charged"),
                rs.getBigDecimal("seller_tax"), rs.getBigDecimal("marketplace_tax"), rs.getBigDecimal("discount"),
                rs.getBigDecimal("marketplace_fees"), rs.getBigDecimal("refunded"), rs.getBigDecimal("payout"));
    }

    /** The position after the last order of a page: its order time and id, as opaque text. */
    record Keyset(Instant orderedAt, UUID id) {

        String format() {
            String raw = orderedAt.getEpochSecond() + "." + orderedAt.getNano() + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Keyset parse(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                String[] parts = raw.split("\\|");
                String[] time = parts[0].split("\\.");
                Keyset keyset = new Keyset(Instant.ofEpochSecond(Long.parseLong(time[0]), Long.parseLong(time[1])),
                        UUID.fromString(parts[1]));
                if (!OrderFilter.inRange(keyset.orderedAt())) {
                    throw new IllegalArgumentException("cursor time out of range");
                }
                return keyset;
            } catch (RuntimeException e) {
                throw new OrderException(false, "invalid-cursor", "The page cursor is not valid; start from the first page.");
            }
        }
    }
}
