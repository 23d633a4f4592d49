package dev.esm.shipping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.esm.orders.OrderException;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.shipping.LabelBatchViews.PostageEstimate;
import dev.esm.shipping.LabelBatchViews.StoreEstimate;
import dev.esm.shipping.LabelBatchViews.ToBuy;
import dev.esm.shipping.ShippingViews.Settings;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a batch is likely to cost before it starts, without asking the provider for a rate per order: for each store,
 * the average cost of its last {@value #BASIS} labels of its default service, times its orders to buy. A store with no
 * such label yet has no estimate (and says so); nothing is made up.
 */
@Service
public class PostageEstimates {

    static final int BASIS = 50;

    private final JdbcClient jdbc;
    private final OrderQueries orders;
    private final ShippingSettings settings;
    private final TransactionTemplate transactions;

    PostageEstimates(JdbcClient jdbc, OrderQueries orders, ShippingSettings settings, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.settings = settings;
        this.transactions = transactions;
    }

    /** The orders to buy as the confirmation lists them, in selection order. */
    public List<ToBuy> toBuy(List<UUID> orderIds) {
        return transactions.execute(tx -> orderIds.stream().map(this::summary)
                .map(o -> new ToBuy(o.id(), o.marketplaceOrderId(), o.storeName(), o.items(), o.shipBy())).toList());
    }

    public PostageEstimate estimate(List<UUID> toBuy) {
        Map<UUID, Integer> perStore = new LinkedHashMap<>();
        transactions.executeWithoutResult(tx -> toBuy.forEach(id -> perStore.merge(summary(id).storeId(), 1,
                Integer::sum)));
        List<StoreEstimate> stores = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        String currency = null;
        int estimated = 0;
        int unestimated = 0;
        for (var entry : perStore.entrySet()) {
            Settings s = settings.get(entry.getKey());
            StoreEstimate e = transactions.execute(tx -> store(s, entry.getValue()));
            stores.add(e);
            if (e.subtotal() != null && (currency == null || currency.equals(e.currency()))) {
                total = total.add(e.subtotal());
                currency = e.currency();
                estimated += e.orders();
            } else {
                unestimated += e.orders();
            }
        }
        return new PostageEstimate(stores, total, currency == null ? "USD" : currency, estimated, unestimated);
    }

    private StoreEstimate store(Settings s, int count) {
        if (s.defaultService() == null) {
            return new StoreEstimate(s.storeId(), s.storeName(), null, count, null, null, 0, null);
        }
        var row = jdbc.sql("""
                        select avg(amount), count(*), min(currency) from (
                            select amount, currency from shipment
                             where store_id = ? and service = ? and purchased_at is not null and amount is not null
                             order by purchased_at desc limit ?) recent""")
                .params(s.storeId(), s.defaultService(), BASIS)
                .query((rs, n) -> new Object[] {rs.getBigDecimal(1), rs.getInt(2), rs.getString(3)}).single();
        BigDecimal average = (BigDecimal) row[0];
        if (average == null) {
            return new StoreEstimate(s.storeId(), s.storeName(), s.defaultService(), count, null, null, 0, null);
        }
        BigDecimal perLabel = average.setScale(2, RoundingMode.HALF_UP);
        return new StoreEstimate(s.storeId(), s.storeName(), s.defaultService(), count, perLabel, (String) row[2],
                (Integer) row[1], perLabel.multiply(BigDecimal.valueOf(count)));
    }

    private OrderSummary summary(UUID id) {
        try {
            return orders.summary(id);
        } catch (OrderException e) {
            throw ShippingException.notFound("order");
        }
    }
}
