package dev.esm.shipping;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import dev.esm.platform.AuditTrail;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.ShippingCommands.PackageCommand;
import dev.esm.shipping.ShippingCommands.ShipFromCommand;
import dev.esm.platform.web.ProblemException.Kind;
import dev.esm.shipping.ShippingViews.PackagePreset;
import dev.esm.shipping.ShippingViews.Settings;
import dev.esm.shipping.ShippingViews.ShipFrom;
import dev.esm.shipping.internal.ProviderKeys;
import dev.esm.shipping.spi.AddressCheck;
import dev.esm.shipping.spi.LabelFormat;
import dev.esm.shipping.spi.PostalAddress;
import dev.esm.shipping.spi.ProviderKey;
import dev.esm.shipping.spi.ShippingProvider;
import dev.esm.shipping.spi.ShippingProviderException;
import dev.esm.stores.Store;
import dev.esm.stores.StoreException;
import dev.esm.stores.Stores;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A store's shipping settings: the provider API key (sealed, checked against the provider, never shown back),
 * ship-from addresses (verified and normalized by the provider), package presets, default service and label format.
 * Everyone with access to the store reads them; only its owner changes them.
 */
@Service
public class ShippingSettings {

    private final JdbcClient jdbc;
    private final Stores stores;
    private final ProviderKeys keys;
    private final ShippingProvider provider;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;

    ShippingSettings(JdbcClient jdbc, Stores stores, ProviderKeys keys, ShippingProvider provider, AuditTrail audit,
                     TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.keys = keys;
        this.provider = provider;
        this.audit = audit;
        this.transactions = transactions;
    }

    public Settings get(UUID storeId) {
        return transactions.execute(tx -> {
            Store store = store(storeId);
            var row = jdbc.sql("select api_key is not null, default_service, label_format from shipping_settings "
                            + "where store_id = ?").param(storeId)
                    .query((rs, n) -> new Object[] {rs.getBoolean(1), rs.getString(2), rs.getString(3)}).optional();
            List<ShipFrom> addresses = jdbc.sql("select * from ship_from_address where store_id = ? "
                    + "order by is_default desc, created_at, id").param(storeId).query((rs, n) -> shipFrom(rs)).list();
            List<PackagePreset> packages = jdbc.sql("select * from package_preset where store_id = ? "
                    + "order by lower(name), id").param(storeId).query((rs, n) -> preset(rs)).list();
            return new Settings(storeId, store.name(), store.ownedByMe(), row.map(r -> (Boolean) r[0]).orElse(false),
                    row.map(r -> (String) r[1]).orElse(null),
                    row.map(r -> LabelFormat.valueOf((String) r[2])).orElse(LabelFormat.PDF), addresses, packages);
        });
    }

    /** Checks the key with the provider (a lookup of a shipment that cannot exist), then seals and stores it. */
    public void setApiKey(UUID storeId, String apiKey, String source) {
        if (ShippingCommands.blank(apiKey) || apiKey.strip().length() > 200) {
            throw ShippingException.invalid("invalid-api-key", "Enter the provider's API key.");
        }
        if (!apiKey.strip().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ShippingException.invalid("invalid-api-key",
                    "An API key is letters, digits and punctuation only, without spaces.");
        }
        ProviderKey key = new ProviderKey(apiKey);
        transactions.executeWithoutResult(tx -> owned(storeId));
        try {
            provider.findShipment(key, "esm-key-check-" + UUID.randomUUID());
        } catch (ShippingProviderException e) {
            throw ShippingFailures.ofOperatorInput(e);
        }
        transactions.executeWithoutResult(tx -> {
            owned(storeId);
            keys.save(storeId, key);
            audit.record("shipping.api-key-set", "store:" + storeId, source);
        });
    }

    public void setDefaults(UUID storeId, DefaultsCommand command, String source) {
        transactions.executeWithoutResult(tx -> {
            owned(storeId);
            jdbc.sql("""
                            insert into shipping_settings (store_id, default_service, label_format) values (?, ?, ?)
                            on conflict (store_id) do update set default_service = excluded.default_service,
                                label_format = excluded.label_format, updated_at = now()""")
                    .params(storeId, command.defaultService(), command.labelFormat().name()).update();
            audit.record("shipping.defaults-set", "store:" + storeId, source);
        });
    }

    /** Verifies the address with the provider and stores the provider's normalized form; refuses an undeliverable one. */
    public ShipFrom addShipFrom(UUID storeId, ShipFromCommand c, String source) {
        ProviderKey key = transactions.execute(tx -> {
            owned(storeId);
            return keys.find(storeId).orElseThrow(ShippingFailures::noApiKey);
        });
        AddressCheck check;
        try {
            check = provider.verifyAddress(key, new PostalAddress(c.name(), c.company(), c.street1(), c.street2(),
                    c.city(), c.state(), c.zip(), c.country(), c.phone()));
        } catch (ShippingProviderException e) {
            throw ShippingFailures.ofOperatorInput(e);
        }
        if (!check.deliverable()) {
            throw new ShippingException(Kind.REFUSED, "address-not-deliverable",
                    "The provider could not verify this address: " + String.join("; ", check.problems()));
        }
        PostalAddress a = check.address();
        UUID id = UUID.randomUUID();
        return transactions.execute(tx -> {
            owned(storeId);
            boolean first = jdbc.sql("select count(*) from ship_from_address where store_id = ?").param(storeId)
                    .query(Long.class).single() == 0;
            if (c.makeDefault() && !first) {
                jdbc.sql("update ship_from_address set is_default = false where store_id = ?").param(storeId).update();
            }
            jdbc.sql("""
                            insert into ship_from_address (id, store_id, label, name, company, street1, street2, city,
                                state, zip, country, phone, is_default, verified_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""")
                    .params(id, storeId, c.label(), c.name(), c.company(), a.street1(), blankToNull(a.street2()),
                            a.city(), a.state(), a.zip(), a.country() == null ? c.country() : a.country(), c.phone(),
                            first || c.makeDefault())
                    .update();
            audit.record("shipping.ship-from-added", "store:" + storeId, source);
            return jdbc.sql("select * from ship_from_address where id = ?").param(id).query((rs, n) -> shipFrom(rs))
                    .single();
        });
    }

    public void removeShipFrom(UUID storeId, UUID addressId, String source) {
        transactions.executeWithoutResult(tx -> {
            owned(storeId);
            if (jdbc.sql("delete from ship_from_address where id = ? and store_id = ?").params(addressId, storeId)
                    .update() == 0) {
                throw ShippingException.notFound("ship-from-address");
            }
            audit.record("shipping.ship-from-removed", "store:" + storeId, source);
        });
    }

    public PackagePreset addPackage(UUID storeId, PackageCommand c, String source) {
        return transactions.execute(tx -> {
            owned(storeId);
            UUID id = UUID.randomUUID();
            int added = jdbc.sql("""
                            insert into package_preset (id, store_id, name, weight_oz, length_in, width_in, height_in)
                            values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(id, storeId, c.name(), c.weightOz(), c.lengthIn(), c.widthIn(), c.heightIn()).update();
            if (added == 0) {
                throw new ShippingException(Kind.CONFLICT, "package-name-taken",
                        "This store already has a package named " + c.name() + ".");
            }
            audit.record("shipping.package-added", "store:" + storeId, source);
            return jdbc.sql("select * from package_preset where id = ?").param(id).query((rs, n) -> preset(rs)).single();
        });
    }

    public void removePackage(UUID storeId, UUID packageId, String source) {
        transactions.executeWithoutResult(tx -> {
            owned(storeId);
            if (jdbc.sql("delete from package_preset where id = ? and store_id = ?").params(packageId, storeId)
                    .update() == 0) {
                throw ShippingException.notFound("package");
            }
            audit.record("shipping.package-removed", "store:" + storeId, source);
        });
    }

    private Store store(UUID storeId) {
        try {
            return stores.get(storeId);
        } catch (StoreException e) {
            throw ShippingException.notFound("store");
        }
    }

    private void owned(UUID storeId) {
        if (!store(storeId).ownedByMe()) {
            throw new ShippingException(Kind.FORBIDDEN, "owner-only",
                    "Only the store's owner can change its shipping settings.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static ShipFrom shipFrom(ResultSet rs) throws SQLException {
        return new ShipFrom(rs.getObject("id", UUID.class), rs.getString("label"), rs.getString("name"),
                rs.getString("company"), rs.getString("street1"), rs.getString("street2"), rs.getString("city"),
                rs.getString("state"), rs.getString("zip"), rs.getString("country"), rs.getString("phone"),
                rs.getBoolean("is_default"), rs.getTimestamp("verified_at").toInstant());
    }

    static PackagePreset preset(ResultSet rs) throws SQLException {
        return new PackagePreset(rs.getObject("id", UUID.class), rs.getString("name"), rs.getBigDecimal("weight_oz"),
                rs.getBigDecimal("length_in"), rs.getBigDecimal("width_in"), rs.getBigDecimal("height_in"));
    }
}
