package dev.esm.shipping.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.esm.orders.spi.ShippingDesk;
import dev.esm.stores.Store;
import dev.esm.stores.Stores;

/**
 * Shipping's part of the Today page and the orders grid: each order's live label (weight, tracking), the labels bought
 * today with their postage, and failed tracking pushes per store. Each query keeps to the operator's stores through an
 * index led by store_id (V22).
 */
@Component
class DeskShipping implements ShippingDesk {

    private final JdbcClient jdbc;
    private final Stores stores;

    DeskShipping(JdbcClient jdbc, Stores stores) {
        this.jdbc = jdbc;
        this.stores = stores;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, Parcel> parcels(Collection<UUID> orderIds) {
        Map<UUID, Parcel> parcels = new HashMap<>();
        if (orderIds.isEmpty()) {
            return parcels;
        }
        jdbc.sql("""
                        select order_id, weight_oz, tracking_code from shipment
                         where store_id = any(?) and order_id = any(?) and state <> 'VOIDED' and package_no = 1""")
                .params(storeIds(), orderIds.toArray(UUID[]::new))
                .query(rs -> {
                    parcels.put(rs.getObject(1, UUID.class), new Parcel(rs.getBigDecimal(2), rs.getString(3)));
                });
        return parcels;
    }

    @Override
    @Transactional(readOnly = true)
    public LabelsBought labelsBought(Instant from, Instant to) {
        Map<String, BigDecimal> postage = new TreeMap<>();
        int[] labels = {0};
        jdbc.sql("""
                        select coalesce(currency, 'USD'), count(*), coalesce(sum(amount), 0) from shipment
                         where store_id = any(?) and state = 'PURCHASED' and purchased_at >= ? and purchased_at < ?
                         group by 1""")
                .params(storeIds(), Timestamp.from(from), Timestamp.from(to))
                .query(rs -> {
                    labels[0] += rs.getInt(2);
                    postage.put(rs.getString(1), rs.getBigDecimal(3));
                });
        return new LabelsBought(labels[0], postage);
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, Integer> failedPushes() {
        Map<UUID, Integer> failed = new HashMap<>();
        jdbc.sql("""
                        select store_id, count(*) from tracking_push
                         where store_id = any(?) and state in ('FAILED', 'REJECTED') group by store_id""")
                .param(storeIds())
                .query(rs -> {
                    failed.put(rs.getObject(1, UUID.class), rs.getInt(2));
                });
        return failed;
    }

    private UUID[] storeIds() {
        return stores.list().stream().map(Store::id).toArray(UUID[]::new);
    }
}
