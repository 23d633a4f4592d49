package dev.esm.stores;

import dev.esm.marketplace.MarketplaceDescriptor;
import dev.esm.marketplace.Marketplaces;
import dev.esm.marketplace.StoreCredentials;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.accounts.Accounts;
import dev.esm.accounts.Operator;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;
import dev.esm.platform.Vault;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.CredentialCheck;

/**
 * The acting operator's stores: the ones it owns and the ones granted to it (by an invitation it accepted, see
 * {@link StoreInvitations}). Row-level security decides what is
 * visible; this class also checks ownership and answers "not found" for anything the operator cannot see.
 */
@Service
public class Stores {

    private static final Logger log = LoggerFactory.getLogger(Stores.class);
    static final String CREDENTIALS = "store-credentials";
    private static final String SELLER_KEY_INDEX = "store_owner_seller_key";
    private static final String SELECT = """
            select s.id, s.marketplace, s.name, s.credentials is not null as credentials_set, s.owner_id, s.created_at
              from store s""";

    private final JdbcClient jdbc;
    private final Vault vault;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final List<CredentialCheck> checks;
    private final JsonMapper json = JsonMapper.builder().build();

    private final Marketplaces marketplaces;
    private final Accounts accounts;

    Stores(JdbcClient jdbc, Vault vault, AuditTrail audit, ApplicationEventPublisher events,
           TransactionTemplate transactions, List<CredentialCheck> checks, Marketplaces marketplaces,
           Accounts accounts) {
        this.marketplaces = marketplaces;
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.vault = vault;
        this.audit = audit;
        this.events = events;
        this.transactions = transactions;
        this.checks = List.copyOf(checks);
    }

    @Transactional(readOnly = true)
    public List<Store> list() {
        return withOwners(jdbc.sql(SELECT + " order by s.name, s.id").query(Stores::row).list());
    }

    @Transactional(readOnly = true)
    public Store get(UUID id) {
        StoreRow row = jdbc.sql(SELECT + " where s.id = ?").param(id).query(Stores::row).optional()
                .orElseThrow(StoreException::notFound);
        return withOwners(List.of(row)).get(0);
    }

    /**
     * Adds a store. Credentials typed in are checked with the marketplace first (outside any transaction, so no
     * database connection waits on it); a seller account that another store of the operator holds is refused.
     */
    public Store add(Marketplace marketplace, String name, StoreCredentials credentials, String source) {
        if (marketplace == null) {
            throw new StoreException(StoreException.Kind.INVALID, "invalid-marketplace",
                    "marketplace must be one of " + Marketplace.names() + ".");
        }
        MarketplaceDescriptor descriptor = marketplaces.descriptor(marketplace)
                .orElseThrow(() -> new StoreException(StoreException.Kind.INVALID, "invalid-marketplace",
                        "No connector for " + marketplace.displayName() + " yet."));
        if (descriptor.typedCredentials() && credentials == null) {
            throw new StoreException(StoreException.Kind.INVALID, "invalid-credentials",
                    "A " + descriptor.displayName() + " store needs " + String.join(" and ",
                            descriptor.credentialFields().stream().map(f -> "credentials." + f.name()).toList())
                            + ".");
        }
        String clean = cleanName(name);
        if (credentials != null) {
            requireMatching(marketplace, credentials);
            check(credentials);
        }
        UUID me = me();
        String sellerKey = credentials == null ? null : SellerKeys.of(me, credentials);
        if (sellerKey != null) {
            transactions.executeWithoutResult(status -> backfillSellerKeys(me));
        }
        return claiming(marketplace, sellerKey, () -> transactions.execute(status -> {
            UUID id = UUID.randomUUID();
            jdbc.sql("insert into store (id, owner_id, marketplace, name) values (?, ?, ?, ?)")
                    .params(id, me, marketplace.name(), clean).update();
            vault.createKeys(id);
            if (credentials != null) {
                writeCredentials(id, marketplace, credentials);
            }
            audit.record("store.add", "store:" + id, source);
            log.info("Store {} added ({})", id, marketplace);
            return get(id);
        }));
    }

    @Transactional
    public Store rename(UUID id, String name, String source) {
        return renamed(id, cleanName(name), source);
    }

    private Store renamed(UUID id, String cleanName, String source) {
        requireOwned(id);
        jdbc.sql("update store set name = ?, updated_at = now() where id = ?").params(cleanName, id).update();
        audit.record("store.rename", "store:" + id, source);
        return get(id);
    }

    /**
     * Replaces the store's credentials: checked with the marketplace first where they were typed in (Walmart), refused
     * when another store of the operator holds the same seller account; on any refusal the old ones stay.
     */
    public Store replaceCredentials(UUID id, StoreCredentials credentials, String source) {
        return change(id, null, credentials, source);
    }

    /**
     * Renames the store (when {@code name} is given) and replaces its credentials in one step: the name and the
     * credentials are both checked before either is stored, so a refused change leaves the store as it was.
     */
    public Store change(UUID id, String name, StoreCredentials credentials, String source) {
        String clean = name == null ? null : cleanName(name);
        Store store = transactions.execute(status -> requireOwned(id));
        requireMatching(store.marketplace(), credentials);
        check(credentials);
        UUID me = me();
        String sellerKey = SellerKeys.of(me, credentials);
        if (sellerKey != null) {
            transactions.executeWithoutResult(status -> backfillSellerKeys(me));
        }
        return claiming(store.marketplace(), sellerKey, () -> transactions.execute(status -> {
            if (clean != null) {
                renamed(id, clean, source);
            }
            requireOwned(id);
            writeCredentials(id, store.marketplace(), credentials);
            audit.record("store.replace-credentials", "store:" + id, source);
            log.info("Credentials of store {} replaced", id);
            return get(id);
        }));
    }

    @Transactional
    public void remove(UUID id, String source) {
        Store store = requireOwned(id);
        jdbc.sql("delete from store where id = ?").param(id).update();
        audit.record("store.remove", "store:" + id, source);
        events.publishEvent(new StoreDisconnected(id, store.ownerId(), store.marketplace()));
        log.info("Store {} removed", id);
    }

    /** The store's credentials, for the connectors; the acting operator must be able to see the store. */
    @Transactional(readOnly = true)
    public Optional<StoreCredentials> credentials(UUID id) {
        Optional<byte[]> sealed = jdbc.sql("select credentials from store where id = ?").param(id)
                .query((rs, n) -> Optional.ofNullable(rs.getBytes(1))).optional()
                .orElseThrow(StoreException::notFound);
        return sealed.map(bytes -> json.readValue(vault.open(id, CREDENTIALS, bytes), StoreCredentials.class));
    }

    @Transactional(readOnly = true)
    public List<StoreGrant> grants(UUID storeId) {
        get(storeId);
        record Access(UUID operatorId, Instant grantedAt) {
        }
        List<Access> access = jdbc.sql("""
                        select operator_id, granted_at from store_access where store_id = ? order by granted_at""")
                .param(storeId)
                .query((rs, n) -> new Access(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant()))
                .list();
        // the operators granted a store are visible to the store's operators (accounts' policy)
        Map<UUID, Operator> grantees = accounts.visible(access.stream().map(Access::operatorId).toList());
        return access.stream().filter(a -> grantees.containsKey(a.operatorId()))
                .map(a -> new StoreGrant(storeId, a.operatorId(), grantees.get(a.operatorId()).email(),
                        grantees.get(a.operatorId()).name(), a.grantedAt()))
                .toList();
    }

    @Transactional
    public void revoke(UUID storeId, UUID operatorId, String source) {
        requireOwned(storeId);
        int removed = jdbc.sql("delete from store_access where store_id = ? and operator_id = ?")
                .params(storeId, operatorId).update();
        if (removed == 0) {
            throw new StoreException(StoreException.Kind.NOT_FOUND, "grant-not-found", "No such grant.");
        }
        audit.record("store.revoke", "store:" + storeId + " operator:" + operatorId, source);
    }

    private void writeCredentials(UUID id, Marketplace marketplace, StoreCredentials credentials) {
        requireMatching(marketplace, credentials);
        UUID me = me();
        byte[] sealed = vault.seal(id, CREDENTIALS, json.writeValueAsBytes(credentials));
        jdbc.sql("update store set credentials = ?, seller_key = ?, updated_at = now() where id = ?")
                .params(sealed, SellerKeys.of(me, credentials), id).update();
        events.publishEvent(new StoreConnected(id, me, Instant.now()));
    }

    private static void requireMatching(Marketplace marketplace, StoreCredentials credentials) {
        if (credentials.marketplace() != marketplace) {
            throw new StoreException(StoreException.Kind.INVALID, "invalid-credentials",
                    "These credentials are for " + credentials.marketplace().displayName() + ", not "
                            + marketplace.displayName() + ".");
        }
    }

    /** The marketplace's word on credentials typed in, where its connector can check them. */
    private void check(StoreCredentials credentials) {
        for (CredentialCheck check : checks) {
            if (check.marketplace() != credentials.marketplace()) {
                continue;
            }
            try {
                check.check(credentials);
            } catch (CredentialCheck.Refused e) {
                throw new StoreException(StoreException.Kind.REFUSED, "credentials-refused", e.getMessage());
            } catch (CredentialCheck.Unavailable e) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "marketplace-unavailable", e.getMessage());
            }
        }
    }

    /**
     * Runs a write that may give a store a seller account; when the unique index says another store of the owner holds
     * it (also when two requests race), the write is rolled back and refused with the name of that store.
     */
    private Store claiming(Marketplace marketplace, String sellerKey, Supplier<Store> write) {
        try {
            return write.get();
        } catch (DuplicateKeyException e) {
            if (sellerKey == null || e.getMessage() == null || !e.getMessage().contains(SELLER_KEY_INDEX)) {
                throw e;
            }
            throw alreadyConnected(marketplace, sellerKey);
        }
    }

    private StoreException alreadyConnected(Marketplace marketplace, String sellerKey) {
        log.info("A {} seller account already connected to another store of the operator was refused", marketplace);
        return new StoreException(StoreException.Kind.CONFLICT, "seller-already-connected",
                "This " + marketplace.displayName() + " seller account is already connected as the store \""
                        + holderName(sellerKey) + "\". Each seller account can be connected to one store only; "
                        + "remove that store first or keep using it.");
    }

    /** The name of the operator's store that holds the seller key. */
    private String holderName(String sellerKey) {
        UUID me = me();
        return transactions.execute(status -> jdbc.sql("select name from store where owner_id = ? and seller_key = ?")
                .params(me, sellerKey).query(String.class).optional().orElse("another store"));
    }

    /**
     * Stores of the owner whose credentials were written before seller keys existed get theirs now, so a new store
     * cannot duplicate an old one. A key that another store already holds is left unset (the two were connected before
     * the rule; the owner sees both).
     */
    private void backfillSellerKeys(UUID owner) {
        List<UUID> legacy = jdbc.sql("""
                        select id from store where owner_id = ? and credentials is not null and seller_key is null""")
                .params(owner).query(UUID.class).list();
        for (UUID store : legacy) {
            String key = credentials(store).map(c -> SellerKeys.of(owner, c)).orElse(null);
            if (key != null) {
                jdbc.sql("""
                                update store set seller_key = ? where id = ? and seller_key is null
                                   and not exists (select 1 from store o where o.owner_id = ? and o.seller_key = ?)""")
                        .params(key, store, owner, key).update();
            }
        }
    }

    Store requireOwned(UUID id) {
        Store store = get(id);
        if (!store.ownedByMe()) {
            throw StoreException.notOwner();
        }
        return store;
    }

    private static String cleanName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 100) {
            throw new StoreException(StoreException.Kind.INVALID, "invalid-name", "Name the store (1 to 100 characters).");
        }
        return clean;
    }

    private static UUID me() {
        return ActingOperator.current().orElseThrow(() -> new IllegalStateException("No acting operator"));
    }

    /** The email of the store's owner, as the acting operator may see it (the owner itself, or a grantee). */
    String ownerEmail(Store store) {
        Operator owner = accounts.visible(List.of(store.ownerId())).get(store.ownerId());
        if (owner == null) {
            throw StoreException.notFound();
        }
        return owner.email();
    }

    /** A store as its table holds it; the owner's name comes from accounts ({@link #withOwners}). */
    private record StoreRow(UUID id, Marketplace marketplace, String name, boolean credentialsSet, UUID ownerId,
                            Instant createdAt) {
    }

    private static StoreRow row(ResultSet rs, int n) throws SQLException {
        return new StoreRow(rs.getObject("id", UUID.class), Marketplace.valueOf(rs.getString("marketplace")),
                rs.getString("name"), rs.getBoolean("credentials_set"), rs.getObject("owner_id", UUID.class),
                rs.getTimestamp("created_at").toInstant());
    }

    /** The stores with their owners' names: one lookup through accounts for all of them. */
    private List<Store> withOwners(List<StoreRow> rows) {
        UUID me = me();
        Map<UUID, Operator> owners = accounts.visible(rows.stream().map(StoreRow::ownerId).toList());
        return rows.stream().map(r -> new Store(r.id(), r.marketplace(), r.name(), r.credentialsSet(), r.ownerId(),
                owners.containsKey(r.ownerId()) ? owners.get(r.ownerId()).name() : null, r.ownerId().equals(me),
                r.createdAt())).toList();
    }
}
