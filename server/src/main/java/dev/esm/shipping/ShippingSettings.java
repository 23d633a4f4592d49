package dev.esm.shipping;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.ShippingCommands.PackageCommand;
import dev.esm.shipping.ShippingCommands.ShipFromCommand;
import dev.esm.platform.web.ProblemException.Kind;
import dev.esm.shipping.ShippingViews.PackagePreset;
import dev.esm.shipping.ShippingViews.Settings;
import dev.esm.shipping.ShippingViews.Shared;
import dev.esm.shipping.ShippingViews.StoreDefaults;
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
 * Shipping settings. Per store: the provider API key (sealed, checked against the provider, never shown back), default
 * service and label format, and its default ship-from address and package. Per operator, shared by all of its stores
 * (ADR 37): ship-from addresses (verified and normalized by the provider) and package presets. Everyone with access to
 * a store reads its settings and its owner's shared lists; only the owner changes them.
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

    /**
     * A store's settings: its key, service and format, its defaults, and its owner's shared addresses and presets
     * (the store's default address first, marked as the default).
     */
    public Settings get(UUID storeId) {
        return transactions.execute(tx -> {
            Store store = store(storeId);
            var row = jdbc.sql("select api_key is not null, default_service, label_format, default_ship_from_id, "
                            + "default_package_id from shipping_settings where store_id = ?").param(storeId)
                    .query((rs, n) -> new Object[] {rs.getBoolean(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, UUID.class), rs.getObject(5, UUID.class)}).optional();
            UUID defaultShipFrom = row.map(r -> (UUID) r[3]).orElse(null);
            UUID defaultPackage = row.map(r -> (UUID) r[4]).orElse(null);
            List<ShipFrom> addresses = addresses(store.ownerId(), defaultShipFrom);
            List<PackagePreset> packages = packages(store.ownerId());
            return new Settings(storeId, store.name(), store.ownedByMe(), row.map(r -> (Boolean) r[0]).orElse(false),
                    row.map(r -> (String) r[1]).orElse(null),
                    row.map(r -> LabelFormat.valueOf((String) r[2])).orElse(LabelFormat.PDF), addresses, packages,
                    packages.stream().anyMatch(p -> p.id().equals(defaultPackage)) ? defaultPackage : null);
        });
    }

    /** The acting operator's shared addresses and presets, and which of its stores use which as their default. */
    public Shared shared() {
        UUID me = me();
        return transactions.execute(tx -> {
            List<Store> mine = stores.list().stream().filter(Store::ownedByMe).toList();
            List<StoreDefaults> defaults = new java.util.ArrayList<>();
            for (Store store : mine) {
                var row = jdbc.sql("select default_ship_from_id, default_package_id, api_key is not null "
                                + "from shipping_settings where store_id = ?").param(store.id())
                        .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                                rs.getBoolean(3)}).optional();
                defaults.add(new StoreDefaults(store.id(), store.name(), row.map(r -> (UUID) r[0]).orElse(null),
                        row.map(r -> (UUID) r[1]).orElse(null), row.map(r -> (Boolean) r[2]).orElse(false)));
            }
            return new Shared(addresses(me, null), packages(me), defaults);
        });
    }

    private List<ShipFrom> addresses(UUID operatorId, UUID defaultId) {
        return jdbc.sql("select * from ship_from_address where operator_id = ? "
                        + "order by (id = ?::uuid) is true desc, created_at, id").params(operatorId, defaultId)
                .query((rs, n) -> shipFrom(rs, defaultId)).list();
    }

    private List<PackagePreset> packages(UUID operatorId) {
        return jdbc.sql("select * from package_preset where operator_id = ? order by lower(name), id")
                .param(operatorId).query((rs, n) -> preset(rs)).list();
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

    /**
     * A store's own defaults among its owner's shared addresses and presets: the ship-from address its labels and
     * batches start from, and the package proposed when nothing is remembered for an order's contents (null: none).
     */
    public Settings setStoreDefaults(UUID storeId, UUID shipFromId, UUID packageId, String source) {
        transactions.executeWithoutResult(tx -> {
            Store store = owned(storeId);
            if (shipFromId != null && !exists("ship_from_address", shipFromId, store.ownerId())) {
                throw ShippingException.notFound("ship-from-address");
            }
            if (packageId != null && !exists("package_preset", packageId, store.ownerId())) {
                throw ShippingException.notFound("package");
            }
            jdbc.sql("""
                            insert into shipping_settings (store_id, default_ship_from_id, default_package_id)
                            values (?, ?, ?)
                            on conflict (store_id) do update set default_ship_from_id = excluded.default_ship_from_id,
                                default_package_id = excluded.default_package_id, updated_at = now()""")
                    .params(storeId, shipFromId, packageId).update();
            audit.record("shipping.store-defaults-set", "store:" + storeId, source);
        });
        return get(storeId);
    }

    /**
     * Adds an address to the store owner's shared list (the store's page and API): verified with this store's key;
     * the store's default when asked or when it has none yet.
     */
    public ShipFrom addShipFrom(UUID storeId, ShipFromCommand c, String source) {
        ProviderKey key = transactions.execute(tx -> {
            owned(storeId);
            return keys.find(storeId).orElseThrow(ShippingFailures::noApiKey);
        });
        PostalAddress a = verified(key, c);
        return transactions.execute(tx -> {
            Store store = owned(storeId);
            UUID id = insertAddress(store.ownerId(), c, a);
            boolean hasDefault = jdbc.sql("select default_ship_from_id is not null from shipping_settings "
                    + "where store_id = ?").param(storeId).query(Boolean.class).optional().orElse(false);
            if (c.makeDefault() || !hasDefault) {
                defaultAddress(storeId, id);
            }
            audit.record("shipping.ship-from-added", "store:" + storeId, source);
            return address(id, storeId);
        });
    }

    /**
     * Adds an address to the acting operator's shared list, verified with the key of its first store that has one;
     * it becomes the default of each of the operator's stores without a default address (of all of them when
     * {@code makeDefault}).
     */
    public ShipFrom addShipFrom(ShipFromCommand c, String source) {
        UUID me = me();
        ProviderKey key = transactions.execute(tx -> stores.list().stream().filter(Store::ownedByMe)
                .map(s -> keys.find(s.id())).flatMap(java.util.Optional::stream).findFirst()
                .orElseThrow(ShippingFailures::noApiKey));
        PostalAddress a = verified(key, c);
        return transactions.execute(tx -> {
            UUID id = insertAddress(me, c, a);
            for (Store store : stores.list()) {
                if (!store.ownedByMe()) {
                    continue;
                }
                boolean hasDefault = jdbc.sql("select default_ship_from_id is not null from shipping_settings "
                        + "where store_id = ?").param(store.id()).query(Boolean.class).optional().orElse(false);
                if (c.makeDefault() || !hasDefault) {
                    defaultAddress(store.id(), id);
                }
            }
            audit.record("shipping.ship-from-added", "operator:" + me, source);
            return address(id, null);
        });
    }

    private PostalAddress verified(ProviderKey key, ShipFromCommand c) {
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
        return check.address();
    }

    private UUID insertAddress(UUID operatorId, ShipFromCommand c, PostalAddress a) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        insert into ship_from_address (id, operator_id, label, name, company, street1, street2, city,
                            state, zip, country, phone, verified_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""")
                .params(id, operatorId, c.label(), c.name(), c.company(), a.street1(), blankToNull(a.street2()),
                        a.city(), a.state(), a.zip(), a.country() == null ? c.country() : a.country(), c.phone())
                .update();
        return id;
    }

    private void defaultAddress(UUID storeId, UUID addressId) {
        jdbc.sql("""
                        insert into shipping_settings (store_id, default_ship_from_id) values (?, ?)
                        on conflict (store_id) do update set default_ship_from_id = excluded.default_ship_from_id,
                            updated_at = now()""").params(storeId, addressId).update();
    }

    private ShipFrom address(UUID id, UUID storeId) {
        UUID defaultId = storeId == null ? null : jdbc.sql("select default_ship_from_id from shipping_settings "
                + "where store_id = ?").param(storeId).query(UUID.class).optional().orElse(null);
        return jdbc.sql("select * from ship_from_address where id = ?").param(id)
                .query((rs, n) -> shipFrom(rs, defaultId)).single();
    }

    /** Removes an address from the store owner's shared list: gone for every store of the owner. */
    public void removeShipFrom(UUID storeId, UUID addressId, String source) {
        transactions.executeWithoutResult(tx -> {
            Store store = owned(storeId);
            delete("ship_from_address", addressId, store.ownerId(), "ship-from-address");
            audit.record("shipping.ship-from-removed", "store:" + storeId, source);
        });
    }

    public void removeShipFrom(UUID addressId, String source) {
        UUID me = me();
        transactions.executeWithoutResult(tx -> {
            delete("ship_from_address", addressId, me, "ship-from-address");
            audit.record("shipping.ship-from-removed", "operator:" + me, source);
        });
    }

    /** Adds a preset to the store owner's shared list (names are unique per owner). */
    public PackagePreset addPackage(UUID storeId, PackageCommand c, String source) {
        return transactions.execute(tx -> {
            Store store = owned(storeId);
            PackagePreset added = insertPackage(store.ownerId(), c);
            audit.record("shipping.package-added", "store:" + storeId, source);
            return added;
        });
    }

    public PackagePreset addPackage(PackageCommand c, String source) {
        UUID me = me();
        return transactions.execute(tx -> {
            PackagePreset added = insertPackage(me, c);
            audit.record("shipping.package-added", "operator:" + me, source);
            return added;
        });
    }

    private PackagePreset insertPackage(UUID operatorId, PackageCommand c) {
        UUID id = UUID.randomUUID();
        int added = jdbc.sql("""
                        insert into package_preset (id, operator_id, name, weight_oz, length_in, width_in, height_in)
                        values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(id, operatorId, c.name(), c.weightOz(), c.lengthIn(), c.widthIn(), c.heightIn()).update();
        if (added == 0) {
            throw new ShippingException(Kind.CONFLICT, "package-name-taken",
                    "You already have a package named " + c.name() + ".");
        }
        return jdbc.sql("select * from package_preset where id = ?").param(id).query((rs, n) -> preset(rs)).single();
    }

    public void removePackage(UUID storeId, UUID packageId, String source) {
        transactions.executeWithoutResult(tx -> {
            Store store = owned(storeId);
            delete("package_preset", packageId, store.ownerId(), "package");
            audit.record("shipping.package-removed", "store:" + storeId, source);
        });
    }

    public void removePackage(UUID packageId, String source) {
        UUID me = me();
        transactions.executeWithoutResult(tx -> {
            delete("package_preset", packageId, me, "package");
            audit.record("shipping.package-removed", "operator:" + me, source);
        });
    }

    private boolean exists(String table, UUID id, UUID operatorId) {
        return jdbc.sql("select count(*) from " + table + " where id = ? and operator_id = ?")
                .params(id, operatorId).query(Long.class).single() > 0;
    }

    private void delete(String table, UUID id, UUID operatorId, String thing) {
        if (jdbc.sql("delete from " + table + " where id = ? and operator_id = ?").params(id, operatorId)
                .update() == 0) {
            throw ShippingException.notFound(thing);
        }
    }

    private static UUID me() {
        return ActingOperator.current().orElseThrow(() -> ShippingException.notFound("store"));
    }

    private Store store(UUID storeId) {
        try {
            return stores.get(storeId);
        } catch (StoreException e) {
            throw ShippingException.notFound("store");
        }
    }

    private Store owned(UUID storeId) {
        Store store = store(storeId);
        if (!store.ownedByMe()) {
            throw new ShippingException(Kind.FORBIDDEN, "owner-only",
                    "Only the store's owner can change its shipping settings.");
        }
        return store;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static ShipFrom shipFrom(ResultSet rs, UUID defaultId) throws SQLException {
        return new ShipFrom(rs.getObject("id", UUID.class), rs.getString("label"), rs.getString("name"),
                rs.getString("company"), rs.getString("street1"), rs.getString("street2"), rs.getString("city"),
                rs.getString("state"), rs.getString("zip"), rs.getString("country"), rs.getString("phone"),
                rs.getObject("id", UUID.class).equals(defaultId), rs.getTimestamp("verified_at").toInstant());
    }

    static PackagePreset preset(ResultSet rs) throws SQLException {
        return new PackagePreset(rs.getObject("id", UUID.class), rs.getString("name"), rs.getBigDecimal("weight_oz"),
                rs.getBigDecimal("length_in"), rs.getBigDecimal("width_in"), rs.getBigDecimal("height_in"));
    }
}
