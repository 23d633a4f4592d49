package dev.esm.shipping.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.accounts.spi.Csv;
import dev.esm.accounts.spi.OperatorData;
import dev.esm.platform.Vault;
import dev.esm.platform.quota.QuotaBuckets;
import dev.esm.stores.Store;
import dev.esm.stores.Stores;

/**
 * The shipping module's part of an operator's data (ADR 34): the label batches they started (on any store), and for
 * the stores they own: shipments and labels, tracking pushes, batch items, shipping settings (API key), ship-from
 * addresses, package presets, remembered packages, and the buckets of the stores' provider API keys. First in the
 * deletion: its rows refer to orders and stores. Acting for the operator.
 */
@Component
@Order(10)
class ShippingOperatorData implements OperatorData {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Stores stores;
    private final ProviderKeys keys;
    private final QuotaBuckets quotas;

    ShippingOperatorData(JdbcClient jdbc, TransactionTemplate transactions, Stores stores, ProviderKeys keys,
                         QuotaBuckets quotas) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.stores = stores;
        this.keys = keys;
        this.quotas = quotas;
    }

    @Override
    public String part() {
        return "shipping";
    }

    private UUID[] owned() {
        return transactions.execute(tx -> stores.list().stream().filter(Store::ownedByMe).map(Store::id)
                .toArray(UUID[]::new));
    }

    /** The buckets of the stores' provider API keys: found by the key, so only while the store's data key exists. */
    @Override
    public void beforeKeysDestroyed(UUID operatorId) {
        for (UUID store : owned()) {
            try {
                transactions.execute(tx -> keys.find(store)).ifPresent(key -> quotas.forget(PacedProvider.meters(key)));
            } catch (Vault.VaultException gone) {
                // the keys are destroyed already (an earlier attempt got past this step)
            }
        }
    }

    @Override
    public void erase(UUID operatorId) {
        UUID[] owned = owned();
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("delete from label_batch where operator_id = ?").param(operatorId).update();
            jdbc.sql("delete from label_batch_item where store_id = any(?)").param((Object) owned).update();
            jdbc.sql("delete from tracking_push where store_id = any(?)").param((Object) owned).update();
            jdbc.sql("delete from shipment where store_id = any(?)").param((Object) owned).update();
            jdbc.sql("delete from sku_package where store_id = any(?)").param((Object) owned).update();
            jdbc.sql("delete from shipping_settings where store_id = any(?)").param((Object) owned).update();
            // addresses and presets are the operator's, shared by its stores (V34, ADR 37)
            jdbc.sql("delete from package_preset where operator_id = ?").param(operatorId).update();
            jdbc.sql("delete from ship_from_address where operator_id = ?").param(operatorId).update();
        });
    }

    @Override
    public List<ExportFile> export(UUID operatorId) {
        UUID[] owned = owned();
        Csv shipments = new Csv("shipment_id", "order_id", "store_id", "package_no", "attempt", "state", "carrier",
                "service", "amount", "currency", "tracking_code", "weight_oz", "label_format", "purchased_at",
                "refund_status");
        String settings = transactions.execute(tx -> {
            jdbc.sql("""
                            select id, order_id, store_id, package_no, attempt, state, carrier, service, amount, currency,
                                   tracking_code, weight_oz, label_format, purchased_at, refund_status
                              from shipment where store_id = any(?) order by created_at, id""")
                    .param((Object) owned).query(rs -> {
                        Timestamp purchased = rs.getTimestamp("purchased_at");
                        shipments.row(rs.getObject("id"), rs.getObject("order_id"), rs.getObject("store_id"),
                                rs.getInt("package_no"), rs.getInt("attempt"), rs.getString("state"),
                                rs.getString("carrier"), rs.getString("service"), rs.getBigDecimal("amount"),
                                rs.getString("currency"), rs.getString("tracking_code"), rs.getBigDecimal("weight_oz"),
                                rs.getString("label_format"), purchased == null ? null : purchased.toInstant(),
                                rs.getString("refund_status"));
                    });
            // the settings as JSON, built by the database; never the API key
            return jdbc.sql("""
                            select jsonb_pretty(jsonb_build_object(
                              'settings', coalesce((select jsonb_agg(to_jsonb(s) - 'api_key'
                                                              || jsonb_build_object('apiKeySet', s.api_key is not null))
                                                      from shipping_settings s where s.store_id = any(?)), '[]'),
                              'shipFromAddresses', coalesce((select jsonb_agg(to_jsonb(a))
                                                               from ship_from_address a where a.operator_id = ?), '[]'),
                              'packagePresets', coalesce((select jsonb_agg(to_jsonb(p))
                                                            from package_preset p where p.operator_id = ?), '[]')))""")
                    .params(owned, operatorId, operatorId).query(String.class).single();
        });
        return List.of(new ExportFile("shipping/shipments.csv", shipments.bytes()),
                new ExportFile("shipping/settings.json", settings.getBytes(StandardCharsets.UTF_8)));
    }
}
