package dev.esm.catalog.internal;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.accounts.spi.Csv;
import dev.esm.accounts.spi.OperatorData;
import dev.esm.stores.Store;
import dev.esm.stores.Stores;

/**
 * The catalog's part of an operator's data (ADR 34): the listings and listing-sync cursors of the stores they own.
 * Before stores in the deletion (its rows refer to them). Acting for the operator.
 */
@Component
@Order(15)
class CatalogOperatorData implements OperatorData {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Stores stores;

    CatalogOperatorData(JdbcClient jdbc, TransactionTemplate transactions, Stores stores) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.stores = stores;
    }

    @Override
    public String part() {
        return "catalog";
    }

    private UUID[] owned() {
        return transactions.execute(tx -> stores.list().stream().filter(Store::ownedByMe).map(Store::id)
                .toArray(UUID[]::new));
    }

    @Override
    public void erase(UUID operatorId) {
        UUID[] owned = owned();
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("delete from listing where store_id = any(?)").param((Object) owned).update();
            jdbc.sql("delete from listing_sync where store_id = any(?)").param((Object) owned).update();
        });
    }

    @Override
    public List<ExportFile> export(UUID operatorId) {
        UUID[] owned = owned();
        Csv listings = new Csv("listing_id", "store_id", "marketplace", "sku", "marketplace_item_id", "title",
                "image_url", "price", "currency", "quantity", "status", "fulfilment", "issues", "attributes",
                "synced_at");
        transactions.executeWithoutResult(tx -> jdbc.sql("""
                        select id, store_id, marketplace, sku, marketplace_item_id, title, image_url, price, currency,
                               quantity, status, fulfilment, issues::text as issues, attributes::text as attributes,
                               synced_at
                          from listing where store_id = any(?) order by store_id, sku""")
                .param((Object) owned).query(rs -> {
                    Timestamp synced = rs.getTimestamp("synced_at");
                    listings.row(rs.getObject("id"), rs.getObject("store_id"), rs.getString("marketplace"),
                            rs.getString("sku"), rs.getString("marketplace_item_id"), rs.getString("title"),
                            rs.getString("image_url"), rs.getBigDecimal("price"), rs.getString("currency"),
                            rs.getObject("quantity"), rs.getString("status"), rs.getString("fulfilment"),
                            rs.getString("issues"), rs.getString("attributes"),
                            synced == null ? null : synced.toInstant());
                }));
        return List.of(new ExportFile("catalog/listings.csv", listings.bytes()));
    }
}
