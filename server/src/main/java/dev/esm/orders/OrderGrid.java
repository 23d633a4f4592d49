package dev.esm.orders;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.orders.GridQuery.Due;
import dev.esm.orders.GridQuery.Tab;
import dev.esm.orders.OrderViews.Buyer;
import dev.esm.orders.internal.BuyerNames;
import dev.esm.orders.internal.OrderWriter;
import dev.esm.orders.spi.ShippingDesk;
import dev.esm.orders.spi.ShippingDesk.Parcel;
import dev.esm.platform.Vault;
import dev.esm.shared.FulfilledBy;
import dev.esm.shared.Marketplace;
import dev.esm.shared.OrderStatus;
import dev.esm.stores.Store;
import dev.esm.stores.Stores;

/**
 * The orders grid: counts per status tab, the total of what is shown, and one page of it sorted by a column, with the
 * columns a shipping desk needs (buyer initials, ship-to state, items, requested service, weight, tracking).
 *
 * <p>Without a search a page is read the way {@link OrderQueries#list} reads one: each visible store's first
 * {@code offset + size} matching orders from an index led by store_id in the sort's order, merged; counts are
 * {@code count(*)} over those indexes, exact for the small tabs (awaiting shipment and the due ranges within it use
 * the partial index of V22) and stopped at {@link #COUNT_CAP} for shipped, delivered, cancelled and all.
 */
@Service
public class OrderGrid {

    /** Counts of the large tabs stop here ("10,000+"). */
    public static final int COUNT_CAP = 10_000;

    private final JdbcClient jdbc;
    private final Stores stores;
    private final Vault vault;
    private final List<ShippingDesk> shipping;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    OrderGrid(JdbcClient jdbc, Stores stores, Vault vault, List<ShippingDesk> shipping, Clock clock) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.vault = vault;
        this.shipping = shipping;
        this.clock = clock;
    }

    /** A count, exact or at least {@code value} when {@code capped}. */
    public record Count(long value, boolean capped) {
    }

    /** One order as the grid shows it. */
    public record GridRow(UUID id, UUID storeId, String storeName, Marketplace marketplace, String marketplaceOrderId,
                          OrderStatus status, FulfilledBy fulfilledBy, Instant orderedAt, Instant shipBy,
                          BigDecimal total, String currency, String requestedService, boolean late, boolean atRisk,
                          String buyerInitials, String shipToState, List<Item> items, int quantity,
                          BigDecimal weightOz, String trackingCode) {

        /** Every line as "SKU title ×2", for a tooltip. */
        public String itemsSummary() {
            return items.stream().map(i -> (i.sku() == null ? "" : i.sku() + " ") + (i.title() == null ? "" : i.title())
                    + " ×" + i.quantity()).collect(Collectors.joining("; "));
        }

        /** Whether the seller still has to ship it. */
        public boolean awaiting() {
            return fulfilledBy == FulfilledBy.SELLER
                    && (status == OrderStatus.UNSHIPPED || status == OrderStatus.PARTIALLY_SHIPPED);
        }
    }

    public record Item(String sku, String title, int quantity) {
    }

    /**
     * @param counts the count of every tab with the query's store, marketplace and search
     * @param total  how many orders the query (tab, due, search) matches
     */
    public record GridPage(GridQuery query, List<GridRow> rows, Map<Tab, Count> counts, Count total, Instant now) {

        public int pages() {
            long pages = (total.value() + query.size() - 1) / query.size();
            return (int) Math.max(1, Math.min(pages, GridQuery.MAX_PAGE));
        }
    }

    @Transactional(readOnly = true)
    public GridPage page(GridQuery query) {
        Instant now = clock.instant();
        List<Store> visible = visible(query);
        Map<Tab, Count> counts = new EnumMap<>(Tab.class);
        if (visible.isEmpty()) {
            for (Tab tab : Tab.values()) {
                counts.put(tab, new Count(0, false));
            }
            return new GridPage(query, List.of(), counts, new Count(0, false), now);
        }
        UUID[] storeIds = visible.stream().map(Store::id).toArray(UUID[]::new);
        Matches search = query.query() == null ? null : matches(query.query(), visible, storeIds);
        for (Tab tab : Tab.values()) {
            counts.put(tab, count(storeIds, tab, null, search, query, now));
        }
        Count total = query.due() == null ? counts.get(query.tab())
                : count(storeIds, query.tab(), query.due(), search, query, now);
        List<UUID> ids = pageIds(storeIds, search, query, now);
        return new GridPage(query, rows(ids, visible, now), counts, total, now);
    }

    /** How many orders await shipment in each due range and in all, for the Today page (the grid's own counts). */
    @Transactional(readOnly = true)
    public Map<String, Long> dueCounts(GridQuery query) {
        Instant now = clock.instant();
        UUID[] storeIds = visible(query).stream().map(Store::id).toArray(UUID[]::new);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("awaiting", storeIds.length == 0 ? 0 : count(storeIds, Tab.AWAITING, null, null, query, now).value());
        for (Due due : Due.values()) {
            counts.put(due.param(), storeIds.length == 0 ? 0
                    : count(storeIds, Tab.AWAITING, due, null, query, now).value());
        }
        return counts;
    }

    private List<Store> visible(GridQuery query) {
        return stores.list().stream()
                .filter(s -> query.storeId() == null || s.id().equals(query.storeId()))
                .filter(s -> query.marketplace() == null || s.marketplace() == query.marketplace())
                .toList();
    }

    /** A condition on {@code o} with its parameters. */
    private record Where(String sql, List<Object> params) {
    }

    private static Where where(Tab tab, Due due, Matches search, GridQuery query, Instant now) {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        if (tab.condition != null) {
            sql.append(" and ").append(tab.condition);
        }
        if (due != null) {
            Instant[] range = due.range(now, query.zone());
            if (range[0] != null) {
                sql.append(" and o.ship_by >= ?");
                params.add(Timestamp.from(range[0]));
            }
            sql.append(" and o.ship_by < ?");
            params.add(Timestamp.from(range[1]));
        }
        if (search != null) {
            sql.append(" and o.id in (").append(search.sql()).append(')');
            params.addAll(search.params());
        }
        return new Where(sql.toString(), params);
    }

    private Count count(UUID[] storeIds, Tab tab, Due due, Matches search, GridQuery query, Instant now) {
        Where where = where(tab, due, search, query, now);
        boolean exact = tab.exactCount() || due != null;
        List<Object> params = new ArrayList<>();
        params.add(storeIds);
        params.addAll(where.params());
        String inner = "select 1 from customer_order o where o.store_id = any(?)" + where.sql();
        if (!exact) {
            inner += " limit ?";
            params.add(COUNT_CAP + 1);
        }
        long value = jdbc.sql("select count(*) from (" + inner + ") c").params(params).query(Long.class).single();
        return value > COUNT_CAP && !exact ? new Count(COUNT_CAP, true) : new Count(value, false);
    }

    private List<UUID> pageIds(UUID[] storeIds, Matches search, GridQuery query, Instant now) {
        Where where = where(query.tab(), query.due(), search, query, now);
        String column = query.sort().column;
        String dir = query.ascending() ? "asc" : "desc";
        // PostgreSQL's default null order (last ascending, first descending) is the indexes' order
        String nulls = "";
        List<Object> params = new ArrayList<>();
        String sql;
        if (search == null) {
            sql = """
                    select k.id from unnest(?::uuid[]) s(id) cross join lateral (
                            select o.id, %1$s as key from customer_order o
                             where o.store_id = s.id%2$s
                             order by %1$s %3$s %4$s, o.id %3$s limit ?) k
                     order by k.key %3$s %4$s, k.id %3$s limit ? offset ?""".formatted(column, where.sql(), dir, nulls);
            params.add(storeIds);
            params.addAll(where.params());
            params.add(query.offset() + query.size());
        } else {
            sql = """
                    select o.id from customer_order o where o.store_id = any(?)%2$s
                     order by %1$s %3$s %4$s, o.id %3$s limit ? offset ?""".formatted(column, where.sql(), dir, nulls);
            params.add(storeIds);
            params.addAll(where.params());
        }
        params.add(query.size());
        params.add(query.offset());
        return jdbc.sql(sql).params(params).query((rs, n) -> rs.getObject(1, UUID.class)).list();
    }

    private List<GridRow> rows(List<UUID> ids, List<Store> visible, Instant now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        UUID[] idArray = ids.toArray(UUID[]::new);
        Map<UUID, Store> storesById = visible.stream().collect(Collectors.toMap(Store::id, Function.identity()));
        Map<UUID, List<Item>> items = new HashMap<>();
        jdbc.sql("""
                        select order_id, sku, title, quantity from order_line where order_id = any(?)
                         order by order_id, length(line_number), line_number""")
                .param(idArray)
                .query(rs -> {
                    items.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new Item(rs.getString(2), rs.getString(3), rs.getInt(4)));
                });
        Map<UUID, String[]> buyers = new HashMap<>();
        jdbc.sql("select order_id, store_id, sealed from order_buyer where order_id = any(?) and sealed is not null")
                .param(idArray)
                .query(rs -> {
                    Buyer buyer = json.readValue(vault.open(rs.getObject(2, UUID.class), OrderWriter.BUYER,
                            rs.getBytes(3)), Buyer.class);
                    buyers.put(rs.getObject(1, UUID.class), new String[] {initials(buyer.name()), buyer.state()});
                });
        Map<UUID, Parcel> parcels = new HashMap<>();
        shipping.forEach(desk -> parcels.putAll(desk.parcels(ids)));
        Map<UUID, GridRow> byId = new HashMap<>();
        jdbc.sql("""
                        select id, store_id, marketplace_order_id, status, fulfilled_by, ordered_at, ship_by, total,
                               currency, requested_service
                          from customer_order where id = any(?)""")
                .param(idArray)
                .query(rs -> {
                    GridRow row = row(rs, now, storesById, items, buyers, parcels);
                    byId.put(row.id(), row);
                });
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    private static GridRow row(ResultSet rs, Instant now, Map<UUID, Store> stores, Map<UUID, List<Item>> items,
                               Map<UUID, String[]> buyers, Map<UUID, Parcel> parcels) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        Store store = stores.get(rs.getObject("store_id", UUID.class));
        OrderStatus status = OrderStatus.valueOf(rs.getString("status"));
        FulfilledBy fulfilledBy = FulfilledBy.valueOf(rs.getString("fulfilled_by"));
        Instant shipBy = rs.getTimestamp("ship_by") == null ? null : rs.getTimestamp("ship_by").toInstant();
        boolean open = fulfilledBy == FulfilledBy.SELLER
                && (status == OrderStatus.UNSHIPPED || status == OrderStatus.PARTIALLY_SHIPPED);
        boolean late = open && shipBy != null && shipBy.isBefore(now);
        boolean atRisk = open && shipBy != null && !late && shipBy.isBefore(now.plus(OrderQueries.AT_RISK));
        List<Item> lines = items.getOrDefault(id, List.of());
        String[] buyer = buyers.getOrDefault(id, new String[] {null, null});
        Parcel parcel = parcels.get(id);
        return new GridRow(id, store.id(), store.name(), store.marketplace(), rs.getString("marketplace_order_id"),
                status, fulfilledBy, rs.getTimestamp("ordered_at").toInstant(), shipBy, rs.getBigDecimal("total"),
                rs.getString("currency"), rs.getString("requested_service"), late, atRisk, buyer[0], buyer[1], lines,
                lines.stream().mapToInt(Item::quantity).sum(), parcel == null ? null : parcel.weightOz(),
                parcel == null ? null : parcel.trackingCode());
    }

    private static String initials(String name) {
        StringBuilder initials = new StringBuilder();
        for (String word : BuyerNames.words(name == null ? "" : name)) {
            initials.append(Character.toUpperCase(word.charAt(0))).append(". ");
        }
        return initials.toString().strip();
    }

    /** The ids matching a search, as a subquery. */
    private record Matches(String sql, List<Object> params) {
    }

    /**
     * Part of an order id or a SKU (case-insensitive; at least three characters, else the whole id or SKU), or every
     * word of the buyer's name through the blind index. A part matches by scanning the visible stores' orders and lines
     * (row-level security keeps PostgreSQL from using an index for a non-leakproof {@code ILIKE}); a whole id or SKU
     * and a name use indexes.
     */
    private Matches matches(String query, List<Store> visible, UUID[] storeIds) {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        if (query.length() >= 3) {
            String pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append("select m.id from customer_order m where m.store_id = any(?) and m.marketplace_order_id ilike ?")
                    .append(" union select l.order_id from order_line l where l.store_id = any(?) and l.sku ilike ?");
            params.addAll(List.of(storeIds, pattern, storeIds, pattern));
        } else {
            sql.append("select m.id from customer_order m where m.store_id = any(?) and m.marketplace_order_id = ?")
                    .append(" union select l.order_id from order_line l where l.store_id = any(?) and l.sku = ?");
            params.addAll(List.of(storeIds, query, storeIds, query));
        }
        Set<String> words = BuyerNames.words(query);
        if (!words.isEmpty()) {
            List<UUID> keyed = new ArrayList<>();
            List<String> terms = new ArrayList<>();
            for (Store store : visible) {
                List<String> storeTerms = new ArrayList<>();
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
                params.addAll(List.of(keyed.toArray(UUID[]::new), terms.toArray(String[]::new), words.size()));
            }
        }
        return new Matches(sql.toString(), params);
    }
}
