package dev.esm.stores;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;
import dev.esm.platform.Vault;
import dev.esm.shared.Marketplace;

/**
 * The acting operator's stores: the ones it owns and the ones granted to it (by an invitation it accepted, see
 * {@link StoreInvitations}). Row-level security decides what is
 * visible; this class also checks ownership and answers "not found" for anything the operator cannot see.
 */
@Service
public class Stores {

    private static final Logger log = LoggerFactory.getLogger(Stores.class);
    static final String CREDENTIALS = "store-credentials";
    private static final String SELECT = """
            select s.id, s.marketplace, s.name, s.credentials is not null as credentials_set, s.owner_id,
                   o.name as owner_name, s.created_at
              from store s left join operator o on o.id = s.owner_id""";

    private final JdbcClient jdbc;
    private final Vault vault;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final JsonMapper json = JsonMapper.builder().build();

    Stores(JdbcClient jdbc, Vault vault, AuditTrail audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.audit = audit;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public List<Store> list() {
        UUID me = me();
        return jdbc.sql(SELECT + " order by s.name, s.id").query((rs, n) -> store(rs, me)).list();
    }

    @Transactional(readOnly = true)
    public Store get(UUID id) {
        UUID me = me();
        return jdbc.sql(SELECT + " where s.id = ?").param(id).query((rs, n) -> store(rs, me)).optional()
                .orElseThrow(StoreException::notFound);
    }

    @Transactional
    public Store add(Marketplace marketplace, String name, StoreCredentials credentials, String source) {
        if (marketplace == null) {
            throw new StoreException(StoreException.Kind.INVALID, "invalid-marketplace",
                    "marketplace must be one of WALMART, AMAZON, EBAY.");
        }
        if (marketplace == Marketplace.WALMART && credentials == null) {
            throw new StoreException(StoreException.Kind.INVALID, "invalid-credentials",
                    "A Walmart store needs credentials.clientId and credentials.clientSecret.");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into store (id, owner_id, marketplace, name) values (?, ?, ?, ?)")
                .params(id, me(), marketplace.name(), cleanName(name)).update();
        vault.createKeys(id);
        if (credentials != null) {
            writeCredentials(id, marketplace, credentials);
        }
        audit.record("store.add", "store:" + id, source);
        log.info("Store {} added ({})", id, marketplace);
        return get(id);
    }

    @Transactional
    public Store rename(UUID id, String name, String source) {
        requireOwned(id);
        jdbc.sql("update store set name = ?, updated_at = now() where id = ?").params(cleanName(name), id).update();
        audit.record("store.rename", "store:" + id, source);
        return get(id);
    }

    @Transactional
    public Store replaceCredentials(UUID id, StoreCredentials credentials, String source) {
        Store store = requireOwned(id);
        writeCredentials(id, store.marketplace(), credentials);
        audit.record("store.replace-credentials", "store:" + id, source);
        log.info("Credentials of store {} replaced", id);
        return get(id);
    }

    @Transactional
    public void remove(UUID id, String source) {
        requireOwned(id);
        jdbc.sql("delete from store where id = ?").param(id).update();
        audit.record("store.remove", "store:" + id, source);
        log.info("Store {} removed", id);
    }

    /** The store's credentials, for the connectors; the acting operator must be able to see the store. */
    @Transactional(readOnly = true)
    public Optional<StoreCredentials> credentials(UUID id) {
        byte[] sealed = jdbc.sql("select credentials from store where id = ?").param(id).query(byte[].class)
                .optional().orElseThrow(StoreException::notFound);
        if (sealed == null) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(vault.open(id, CREDENTIALS, sealed), StoreCredentials.class));
    }

    @Transactional(readOnly = true)
    public List<StoreGrant> grants(UUID storeId) {
        get(storeId);
        return jdbc.sql("""
                        select a.store_id, a.operator_id, o.email, o.name, a.granted_at
                          from store_access a join operator o on o.id = a.operator_id
                         where a.store_id = ? order by a.granted_at""")
                .param(storeId)
                .query((rs, n) -> new StoreGrant(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()))
                .list();
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
        if (credentials.marketplace() != marketplace) {
            throw new StoreException(StoreException.Kind.INVALID, "invalid-credentials",
                    "These credentials are for " + credentials.marketplace().displayName() + ", not "
                            + marketplace.displayName() + ".");
        }
        byte[] sealed = vault.seal(id, CREDENTIALS, json.writeValueAsBytes(credentials));
        jdbc.sql("update store set credentials = ?, updated_at = now() where id = ?").params(sealed, id).update();
        events.publishEvent(new StoreConnected(id, me()));
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

    private static Store store(ResultSet rs, UUID me) throws SQLException {
        UUID owner = rs.getObject("owner_id", UUID.class);
        return new Store(rs.getObject("id", UUID.class), Marketplace.valueOf(rs.getString("marketplace")),
                rs.getString("name"), rs.getBoolean("credentials_set"), owner, rs.getString("owner_name"),
                owner.equals(me), rs.getTimestamp("created_at").toInstant());
    }
}
