package dev.esm.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.catalog.CatalogViews.Issue;
import dev.esm.catalog.CatalogViews.Listing;
import dev.esm.catalog.CatalogViews.Product;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Store;
import dev.esm.stores.Stores;

/**
 * The catalog as the acting operator may see it (row-level security keeps to the stores it owns or was granted):
 * products grouped by SKU in SKU order, one keyset page at a time, with counts; one listing by id.
 */
@Service
@Transactional(readOnly = true)
public class CatalogQueries {

    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() { };
    private static final TypeReference<List<Issue>> ISSUES = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final Stores stores;
    private final JsonMapper json = JsonMapper.builder().build();

    CatalogQueries(JdbcClient jdbc, Stores stores) {
        this.jdbc = jdbc;
        this.stores = stores;
    }

    public CatalogViews.Page page(CatalogFilter filter) {
        Map<UUID, String> storeNames = stores.list().stream().collect(Collectors.toMap(Store::id, Store::name));
        if (filter.store() != null && !storeNames.containsKey(filter.store())) {
            throw new CatalogException(true, "store-not-found", "No such store.");
        }
        Where where = where(filter);
        String afterCondition = filter.after() == null ? "" : " and l.sku > :after";
        JdbcClient.StatementSpec skuQuery = where.bind(jdbc.sql("select l.sku from esm.listing l where " + where.sql
                + afterCondition + " group by l.sku order by l.sku limit :limit"));
        if (filter.after() != null) {
            skuQuery = skuQuery.param("after", filter.after());
        }
        List<String> skus = skuQuery.param("limit", filter.limit() + 1).query(String.class).list();
        String nextAfter = null;
        if (skus.size() > filter.limit()) {
            skus = skus.subList(0, filter.limit());
            nextAfter = skus.get(skus.size() - 1);
        }
        List<Product> products = List.of();
        if (!skus.isEmpty()) {
            List<Listing> listings = where.bind(jdbc.sql("select l.* from esm.listing l where " + where.sql
                            + " and l.sku = any (:skus) order by l.sku, l.marketplace, l.store_id"))
                    .param("skus", skus.toArray(String[]::new))
                    .query((rs, n) -> listing(rs, storeNames)).list();
            products = products(listings);
        }
        long[] counts = where.bind(jdbc.sql("select count(distinct l.sku), count(*) from esm.listing l where "
                        + where.sql))
                .query((rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}).single();
        return new CatalogViews.Page(products, counts[0], counts[1], nextAfter);
    }

    /** One listing the operator may see; 404 {@code listing-not-found} otherwise (malformed ids included). */
    public Listing listing(UUID id) {
        Map<UUID, String> storeNames = stores.list().stream().collect(Collectors.toMap(Store::id, Store::name));
        return jdbc.sql("select l.* from esm.listing l where l.id = ?").param(id)
                .query((rs, n) -> listing(rs, storeNames)).optional()
                .orElseThrow(CatalogException::listingNotFound);
    }

    /** Where each visible store's listing sync stands, by store. */
    public Map<UUID, CatalogViews.StoreSync> syncs() {
        return jdbc.sql("select store_id, last_scan_at, last_error, running_since from esm.listing_sync")
                .query((rs, n) -> new CatalogViews.StoreSync(rs.getObject(1, UUID.class),
                        instant(rs, 2), rs.getString(3), rs.getTimestamp(4) != null))
                .list().stream().collect(Collectors.toMap(CatalogViews.StoreSync::storeId, Function.identity()));
    }

    private static List<Product> products(List<Listing> listings) {
        Map<String, List<Listing>> bySku = new LinkedHashMap<>();
        for (Listing listing : listings) {
            bySku.computeIfAbsent(listing.sku(), sku -> new ArrayList<>()).add(listing);
        }
        List<Product> out = new ArrayList<>();
        bySku.forEach((sku, group) -> out.add(new Product(sku,
                group.stream().map(Listing::title).filter(t -> t != null && !t.isBlank()).findFirst().orElse(sku),
                group.stream().map(Listing::imageUrl).filter(u -> u != null).findFirst().orElse(null),
                List.copyOf(group))));
        return out;
    }

    private Listing listing(ResultSet rs, Map<UUID, String> storeNames) throws SQLException {
        UUID storeId = rs.getObject("store_id", UUID.class);
        Integer quantity = rs.getObject("quantity") == null ? null : rs.getInt("quantity");
        return new Listing(rs.getObject("id", UUID.class), storeId, storeNames.getOrDefault(storeId, ""),
                Marketplace.valueOf(rs.getString("marketplace")), rs.getString("sku"),
                rs.getString("marketplace_item_id"), rs.getString("title"), rs.getString("image_url"),
                read(rs.getString("attributes"), ATTRIBUTES, Map.of()), rs.getBigDecimal("price"),
                rs.getString("currency"), quantity, rs.getString("status"), rs.getString("fulfilment"),
                read(rs.getString("issues"), ISSUES, List.of()), instant(rs, "synced_at"), instant(rs, "updated_at"));
    }

    private <T> T read(String text, TypeReference<T> type, T fallback) {
        try {
            return text == null ? fallback : json.readValue(text, type);
        } catch (JacksonException e) {
            return fallback;
        }
    }

    private static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    private static java.time.Instant instant(ResultSet rs, int column) throws SQLException {
        java.sql.Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    private static Where where(CatalogFilter filter) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        conditions.add("true");
        if (filter.store() != null) {
            conditions.add("l.store_id = :store");
            params.put("store", filter.store());
        }
        if (filter.marketplace() != null) {
            conditions.add("l.marketplace = :marketplace");
            params.put("marketplace", filter.marketplace().name());
        }
        if (filter.status() != null) {
            conditions.add("l.status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.withIssues()) {
            conditions.add("l.issue_count > 0");
        }
        if (filter.outOfStock()) {
            conditions.add("l.quantity = 0");
        }
        if (filter.search() != null) {
            conditions.add("(l.sku ilike :prefix escape '\\' or to_tsvector('simple', coalesce(l.title, '')) "
                    + "@@ plainto_tsquery('simple', :search))");
            params.put("prefix", filter.search().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            params.put("search", filter.search());
        }
        return new Where(String.join(" and ", conditions), params);
    }

    private record Where(String sql, Map<String, Object> params) {
        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
            JdbcClient.StatementSpec bound = statement;
            for (Map.Entry<String, Object> param : params.entrySet()) {
                bound = bound.param(param.getKey(), param.getValue());
            }
            return bound;
        }
    }
}
