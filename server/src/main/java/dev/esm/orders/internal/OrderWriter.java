package dev.esm.orders.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.orders.spi.MarketplaceOrder;
import dev.esm.platform.Vault;

/**
 * Writes one page of orders of one store, inside the caller's transaction, in a few batched statements. An order
 * whose content is unchanged is not written at all; a changed one is updated in place, its lines replaced, its buyer
 * re-sealed and its status change recorded. Keyed by (store, marketplace order id), so repeating a page changes
 * nothing.
 */
@Component
public class OrderWriter {

    public static final String BUYER = "order-buyer";
    public static final String BUYER_NAME = "buyer-name";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Vault vault;
    private final JsonMapper json = JsonMapper.builder().build();

    OrderWriter(JdbcClient jdbc, JdbcTemplate batch, Vault vault) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.vault = vault;
    }

    /** @return how many orders of the page were new or changed */
    public int write(UUID storeId, List<MarketplaceOrder> orders) {
        if (orders.isEmpty()) {
            return 0;
        }
        Map<String, Existing> existing = existing(storeId, orders);
        List<Object[]> orderRows = new ArrayList<>();
        List<Object[]> lineRows = new ArrayList<>();
        List<Object[]> buyerRows = new ArrayList<>();
        List<Object[]> statusRows = new ArrayList<>();
        List<UUID> changedIds = new ArrayList<>();
        for (MarketplaceOrder order : orders) {
            byte[] hash = contentHash(order);
            Existing before = existing.get(order.marketplaceOrderId());
            if (before != null && Arrays.equals(before.hash(), hash)) {
                continue;
            }
            UUID id = before == null ? UUID.randomUUID() : before.id();
            changedIds.add(id);
            orderRows.add(orderRow(storeId, id, order, hash));
            for (MarketplaceOrder.Line line : order.lines()) {
                lineRows.add(new Object[] {id, storeId, line.lineNumber(), line.sku(), line.title(), line.quantity(),
                        line.unitPrice() == null ? BigDecimal.ZERO : line.unitPrice(), line.status()});
            }
            if (order.buyer() != null) {
                buyerRows.add(buyerRow(storeId, id, order.buyer()));
            }
            if (before == null || !before.status().equals(order.status().name())) {
                statusRows.add(new Object[] {id, storeId, Timestamp.from(order.lastModifiedAt()), order.status().name(),
                        order.marketplaceStatus()});
            }
        }
        if (changedIds.isEmpty()) {
            return 0;
        }
        batch.batchUpdate("""
                insert into customer_order (id, store_id, marketplace_order_id, status, marketplace_status,
                    ordered_at, ship_by, deliver_by, marketplace_updated_at, currency, total, skus, content_hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (store_id, marketplace_order_id) do update set
                    status = excluded.status, marketplace_status = excluded.marketplace_status,
                    ordered_at = excluded.ordered_at, ship_by = excluded.ship_by,
                    deliver_by = excluded.deliver_by, marketplace_updated_at = excluded.marketplace_updated_at,
                    currency = excluded.currency, total = excluded.total, skus = excluded.skus,
                    content_hash = excluded.content_hash, updated_at = now()""", orderRows);
        jdbc.sql("delete from order_line where order_id = any(?)").param(changedIds.toArray(UUID[]::new)).update();
        batch.batchUpdate("""
                insert into order_line (order_id, store_id, line_number, sku, title, quantity, unit_price, status)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", lineRows);
        jdbc.sql("delete from order_buyer where order_id = any(?)").param(changedIds.toArray(UUID[]::new)).update();
        batch.batchUpdate("insert into order_buyer (order_id, store_id, sealed, name_index) values (?, ?, ?, ?)",
                buyerRows);
        batch.batchUpdate("""
                insert into order_status_change (order_id, store_id, at, status, marketplace_status)
                values (?, ?, ?, ?, ?)""", statusRows);
        return changedIds.size();
    }

    private Map<String, Existing> existing(UUID storeId, List<MarketplaceOrder> orders) {
        String[] ids = orders.stream().map(MarketplaceOrder::marketplaceOrderId).toArray(String[]::new);
        Map<String, Existing> existing = new HashMap<>();
        jdbc.sql("""
                        select marketplace_order_id, id, content_hash, status from customer_order
                         where store_id = ? and marketplace_order_id = any(?)""")
                .params(storeId, ids)
                .query(rs -> {
                    existing.put(rs.getString(1), new Existing(rs.getObject(2, UUID.class), rs.getBytes(3),
                            rs.getString(4)));
                });
        return existing;
    }

    private Object[] orderRow(UUID storeId, UUID id, MarketplaceOrder order, byte[] hash) {
        String[] skus = order.lines().stream().map(MarketplaceOrder.Line::sku).filter(s -> s != null)
                .distinct().toArray(String[]::new);
        return new Object[] {id, storeId, order.marketplaceOrderId(), order.status().name(), order.marketplaceStatus(),
                timestamp(order.orderedAt()), timestamp(order.shipBy()), timestamp(order.deliverBy()),
                timestamp(order.lastModifiedAt()), order.currency(), order.total(), new SqlArray("text", skus), hash};
    }

    private Object[] buyerRow(UUID storeId, UUID orderId, MarketplaceOrder.Buyer buyer) {
        byte[] sealed = vault.seal(storeId, BUYER, json.writeValueAsBytes(buyer));
        String[] index = BuyerNames.words(buyer.name()).stream()
                .map(word -> vault.blindIndex(storeId, BUYER_NAME, word)).toArray(String[]::new);
        return new Object[] {orderId, storeId, sealed, new SqlArray("text", index)};
    }

    /** SHA-256 over everything ESM keeps of an order, so an unchanged order is recognised without reading it. */
    static byte[] contentHash(MarketplaceOrder order) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder text = new StringBuilder()
                    .append(order.status()).append('|').append(order.marketplaceStatus()).append('|')
                    .append(order.orderedAt()).append('|').append(order.shipBy()).append('|')
                    .append(order.deliverBy()).append('|').append(order.lastModifiedAt()).append('|')
                    .append(order.currency()).append('|').append(order.total() == null ? "" : order.total().toPlainString());
            for (MarketplaceOrder.Line line : order.lines()) {
                text.append('|').append(line.lineNumber()).append(',').append(line.sku()).append(',')
                        .append(line.title()).append(',').append(line.quantity()).append(',')
                        .append(line.unitPrice() == null ? "" : line.unitPrice().toPlainString()).append(',')
                        .append(line.status());
            }
            MarketplaceOrder.Buyer b = order.buyer();
            if (b != null) {
                text.append("|buyer:").append(String.join("\u0001", String.valueOf(b.name()), String.valueOf(b.address1()),
                        String.valueOf(b.address2()), String.valueOf(b.city()), String.valueOf(b.state()),
                        String.valueOf(b.postalCode()), String.valueOf(b.country()), String.valueOf(b.phone())));
            }
            return sha.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private record Existing(UUID id, byte[] hash, String status) {
    }

    /** A SQL array parameter for batched statements (the driver builds it on the statement's connection). */
    private record SqlArray(String type, Object[] values) implements org.springframework.jdbc.core.SqlTypeValue {
        @Override
        public void setTypeValue(java.sql.PreparedStatement statement, int index, int sqlType, String typeName)
                throws java.sql.SQLException {
            statement.setArray(index, statement.getConnection().createArrayOf(type, values));
        }
    }
}
