package dev.esm.orders.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.accounts.spi.Csv;
import dev.esm.accounts.spi.OperatorData;
import dev.esm.orders.OrderViews.Buyer;
import dev.esm.platform.Vault;
import dev.esm.platform.quota.QuotaBuckets;
import dev.esm.stores.Store;
import dev.esm.stores.Stores;

/**
 * The orders module's part of an operator's data (ADR 34): the orders of the stores they own (lines, buyer, status
 * history), the stores' sync state and runs, their scheduled syncs and their quota buckets. Acting for the operator.
 */
@Component
@Order(20)
class OrderOperatorData implements OperatorData {

    /** Orders deleted per transaction. */
    static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Stores stores;
    private final QuotaBuckets quotas;
    private final OrderSyncScheduler tasks;
    private final SchedulerClient scheduler;
    private final Vault vault;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    OrderOperatorData(JdbcClient jdbc, TransactionTemplate transactions, Stores stores, QuotaBuckets quotas,
                      OrderSyncScheduler tasks, SchedulerClient scheduler, Vault vault) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.stores = stores;
        this.quotas = quotas;
        this.tasks = tasks;
        this.scheduler = scheduler;
        this.vault = vault;
    }

    @Override
    public String part() {
        return "orders";
    }

    private List<UUID> owned() {
        return transactions.execute(tx -> stores.list().stream().filter(Store::ownedByMe).map(Store::id).toList());
    }

    /**
     * The stores' buckets, their seller accounts' included (whose ids need the store's credentials: before the keys
     * go). The meters are asked outside a transaction of ours: a source that cannot open the credentials any more (a
     * repeated attempt) fails in its own transaction, and the meters fall back to the store's own bucket.
     */
    @Override
    public void beforeKeysDestroyed(UUID operatorId) {
        for (UUID store : owned()) {
            quotas.forget(quotas.meters(store));
        }
    }

    @Override
    public void erase(UUID operatorId) {
        List<UUID> owned = owned();
        for (UUID store : owned) {
            tasks.stopSync(scheduler, store);
        }
        String[] instances = owned.stream().map(UUID::toString).toArray(String[]::new);
        Boolean running = transactions.execute(tx -> jdbc.sql("""
                        select count(*) > 0 from scheduled_tasks
                         where task_name = ? and task_instance = any(?) and picked""")
                .params(OrderSyncScheduler.SYNC, instances).query(Boolean.class).single());
        if (Boolean.TRUE.equals(running)) {
            // a sync still runs (it fails without the store's keys and ends); the deletion tries again after it
            throw new IllegalStateException("A sync of a deleted operator's store is still running");
        }
        UUID[] ids = owned.toArray(UUID[]::new);
        transactions.executeWithoutResult(tx -> jdbc.sql(
                        "delete from scheduled_tasks where task_name = ? and task_instance = any(?)")
                .params(OrderSyncScheduler.SYNC, instances).update());
        // orders in batches (with their lines, buyers and status changes by foreign key): a store of many orders
        // holds no long transaction, and a node that dies half-way leaves fewer to the next attempt
        int deleted;
        do {
            deleted = transactions.execute(tx -> jdbc.sql("""
                            delete from customer_order where id in (
                                select id from customer_order where store_id = any(?) limit ?)""")
                    .params(ids, BATCH).update());
        } while (deleted > 0);
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("delete from order_line where store_id = any(?)").param(ids).update();
            jdbc.sql("delete from order_buyer where store_id = any(?)").param(ids).update();
            jdbc.sql("delete from order_status_change where store_id = any(?)").param(ids).update();
            jdbc.sql("delete from sync_run where store_id = any(?)").param(ids).update();
            jdbc.sql("delete from order_sync where store_id = any(?)").param(ids).update();
        });
        for (UUID store : owned) {
            quotas.forget(quotas.meters(store)); // any bucket a sync made meanwhile
        }
    }

    @Override
    public List<ExportFile> export(UUID operatorId) {
        List<UUID> owned = owned();
        UUID[] ids = owned.toArray(UUID[]::new);
        List<Map<String, Object>> orders = new ArrayList<>();
        Csv csv = new Csv("order_id", "store_id", "marketplace_order_id", "status", "marketplace_status", "ordered_at",
                "ship_by", "currency", "total", "line_number", "sku", "title", "quantity", "unit_price", "line_status",
                "buyer_name", "buyer_address1", "buyer_address2", "buyer_city", "buyer_state", "buyer_postal_code",
                "buyer_country", "buyer_phone", "gift_message");
        transactions.executeWithoutResult(tx -> {
            Map<UUID, List<Map<String, Object>>> lines = new LinkedHashMap<>();
            jdbc.sql("""
                            select order_id, line_number, sku, title, quantity, unit_price, status from order_line
                             where store_id = any(?) order by order_id, line_number""").param(ids)
                    .query(rs -> {
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("lineNumber", rs.getString("line_number"));
                        line.put("sku", rs.getString("sku"));
                        line.put("title", rs.getString("title"));
                        line.put("quantity", rs.getInt("quantity"));
                        line.put("unitPrice", rs.getBigDecimal("unit_price"));
                        line.put("status", rs.getString("status"));
                        lines.computeIfAbsent(rs.getObject("order_id", UUID.class), k -> new ArrayList<>()).add(line);
                    });
            Map<UUID, Buyer> buyers = new LinkedHashMap<>();
            jdbc.sql("select order_id, store_id, sealed from order_buyer where store_id = any(?)").param(ids)
                    .query(rs -> {
                        buyers.put(rs.getObject(1, UUID.class), json.readValue(vault.open(rs.getObject(2, UUID.class),
                                OrderWriter.BUYER, rs.getBytes(3)), Buyer.class));
                    });
            jdbc.sql("""
                            select id, store_id, marketplace_order_id, status, marketplace_status, ordered_at, ship_by,
                                   currency, total from customer_order where store_id = any(?) order by ordered_at, id""")
                    .param(ids).query(rs -> {
                        UUID id = rs.getObject("id", UUID.class);
                        Map<String, Object> order = new LinkedHashMap<>();
                        order.put("id", id);
                        order.put("storeId", rs.getObject("store_id", UUID.class));
                        order.put("marketplaceOrderId", rs.getString("marketplace_order_id"));
                        order.put("status", rs.getString("status"));
                        order.put("marketplaceStatus", rs.getString("marketplace_status"));
                        order.put("orderedAt", instant(rs.getTimestamp("ordered_at")));
                        order.put("shipBy", instant(rs.getTimestamp("ship_by")));
                        order.put("currency", rs.getString("currency"));
                        order.put("total", rs.getBigDecimal("total"));
                        List<Map<String, Object>> its = lines.getOrDefault(id, List.of());
                        order.put("lines", its);
                        Buyer buyer = buyers.get(id);
                        order.put("buyer", buyer == null ? null : buyerMap(buyer));
                        orders.add(order);
                        for (Map<String, Object> line : its.isEmpty() ? List.<Map<String, Object>>of(Map.of()) : its) {
                            csv.row(id, order.get("storeId"), order.get("marketplaceOrderId"), order.get("status"),
                                    order.get("marketplaceStatus"), order.get("orderedAt"), order.get("shipBy"),
                                    order.get("currency"), order.get("total"), line.get("lineNumber"),
                                    line.get("sku"), line.get("title"), line.get("quantity"), line.get("unitPrice"),
                                    line.get("status"), buyer == null ? null : buyer.name(),
                                    buyer == null ? null : buyer.address1(), buyer == null ? null : buyer.address2(),
                                    buyer == null ? null : buyer.city(), buyer == null ? null : buyer.state(),
                                    buyer == null ? null : buyer.postalCode(), buyer == null ? null : buyer.country(),
                                    buyer == null ? null : buyer.phone(), buyer == null ? null : buyer.giftMessage());
                        }
                    });
        });
        return List.of(new ExportFile("orders/orders.json", json.writeValueAsBytes(orders)),
                new ExportFile("orders/orders.csv", csv.bytes()));
    }

    private static Map<String, Object> buyerMap(Buyer buyer) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", buyer.name());
        map.put("address1", buyer.address1());
        map.put("address2", buyer.address2());
        map.put("city", buyer.city());
        map.put("state", buyer.state());
        map.put("postalCode", buyer.postalCode());
        map.put("country", buyer.country());
        map.put("phone", buyer.phone());
        map.put("giftMessage", buyer.giftMessage());
        return map;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

}
