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

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.orders.spi.MarketplaceOrder;
import dev.esm.platform.Vault;

/**
 * Writes one page of orders of one store, inside the caller's transaction. An order whose content is unchanged is not
 * written at all; a changed one is updated in place, its lines replaced, its buyer re-sealed and its status change
 * recorded. Keyed by (store, marketplace order id), so repeating a page changes nothing.
 */
@Component
public class OrderWriter {

    public static final String BUYER = "order-buyer";
    public static final String BUYER_NAME = "buyer-name";

    private final JdbcClient jdbc;
    private final Vault vault;
    private final JsonMapper json = JsonMapper.builder().build();

    OrderWriter(JdbcClient jdbc, Vault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /** @return how many orders of the page were new or changed */
    public int write(UUID storeId, List<MarketplaceOrder> orders) {
        if (orders.isEmpty()) {
            return 0;
        }
        Map<String, Existing> existing = existing(storeId, orders);
        int changed = 0;
        for (MarketplaceOrder order : orders) {
            byte[] hash = contentHash(order);
            Existing before = existing.get(order.marketplaceOrderId());
            if (before != null && Arrays.equals(before.hash(), hash)) {
                continue;
            }
            UUID id = before == null ? UUID.randomUUID() : before.id();
            upsertOrder(storeId, id, order, hash);
            replaceLines(storeId, id, order);
            writeBuyer(storeId, id, order.buyer());
            if (before == null || !before.status().equals(order.status().name())) {
                jdbc.sql("""
                                insert into order_status_change (order_id, store_id, at, status, marketplace_status)
                                values (?, ?, ?, ?, ?)""")
                        .params(id, storeId, Timestamp.from(order.lastModifiedAt()), order.status().name(),
                                order.marketplaceStatus()).update();
            }
            changed++;
        }
        return changed;
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

    private void upsertOrder(UUID storeId, UUID id, MarketplaceOrder order, byte[] hash) {
        String[] skus = order.lines().stream().map(MarketplaceOrder.Line::sku).filter(s -> s != null)
                .distinct().toArray(String[]::new);
        jdbc.sql("""
                        insert into customer_order (id, store_id, marketplace_order_id, status, marketplace_status,
                            ordered_at, ship_by, deliver_by, marketplace_updated_at, currency, total, skus, content_hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (store_id, marketplace_order_id) do update set
                            status = excluded.status, marketplace_status = excluded.marketplace_status,
                            ordered_at = excluded.ordered_at, ship_by = excluded.ship_by,
                            deliver_by = excluded.deliver_by, marketplace_updated_at = excluded.marketplace_updated_at,
                            currency = excluded.currency, total = excluded.total, skus = excluded.skus,
                            content_hash = excluded.content_hash, updated_at = now()""")
                .params(id, storeId, order.marketplaceOrderId(), order.status().name(), order.marketplaceStatus(),
                        timestamp(order.orderedAt()), timestamp(order.shipBy()), timestamp(order.deliverBy()),
                        timestamp(order.lastModifiedAt()), order.currency(), order.total(), skus, hash)
                .update();
    }

    private void replaceLines(UUID storeId, UUID orderId, MarketplaceOrder order) {
        jdbc.sql("delete from order_line where order_id = ?").param(orderId).update();
        List<Object[]> rows = new ArrayList<>();
        for (MarketplaceOrder.Line line : order.lines()) {
            rows.add(new Object[] {orderId, storeId, line.lineNumber(), line.sku(), line.title(), line.quantity(),
                    line.unitPrice() == null ? BigDecimal.ZERO : line.unitPrice(), line.status()});
        }
        for (Object[] row : rows) {
            jdbc.sql("""
                            insert into order_line (order_id, store_id, line_number, sku, title, quantity, unit_price, status)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""").params(row).update();
        }
    }

    private void writeBuyer(UUID storeId, UUID orderId, MarketplaceOrder.Buyer buyer) {
        if (buyer == null) {
            jdbc.sql("delete from order_buyer where order_id = ?").param(orderId).update();
            return;
        }
        byte[] sealed = vault.seal(storeId, BUYER, json.writeValueAsBytes(buyer));
        String[] index = BuyerNames.words(buyer.name()).stream()
                .map(word -> vault.blindIndex(storeId, BUYER_NAME, word)).toArray(String[]::new);
        jdbc.sql("""
                        insert into order_buyer (order_id, store_id, sealed, name_index) values (?, ?, ?, ?)
                        on conflict (order_id) do update set sealed = excluded.sealed, name_index = excluded.name_index""")
                .params(orderId, storeId, sealed, index).update();
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
}
