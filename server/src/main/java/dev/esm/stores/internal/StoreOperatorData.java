package dev.esm.stores.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.accounts.spi.OperatorData;
import dev.esm.platform.Vault;
import dev.esm.stores.StoreInvitations;
import dev.esm.stores.Stores;

/**
 * The stores module's part of an operator's data (ADR 34): the stores they own (and with them their credentials, data
 * keys, grants given and invitations sent), the grants they received and the invitations sent to them. Last in the
 * deletion: the other modules' rows refer to stores. Acting for the operator.
 */
@Component
@Order(30)
class StoreOperatorData implements OperatorData {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Vault vault;
    private final Stores stores;
    private final StoreInvitations invitations;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    StoreOperatorData(JdbcClient jdbc, TransactionTemplate transactions, Vault vault, Stores stores,
                      StoreInvitations invitations) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.vault = vault;
        this.stores = stores;
        this.invitations = invitations;
    }

    @Override
    public String part() {
        return "stores";
    }

    private List<UUID> owned(UUID operatorId) {
        return transactions.execute(tx -> jdbc.sql("select id from store where owner_id = ? order by id")
                .param(operatorId).query(UUID.class).list());
    }

    @Override
    public List<String> auditTargets(UUID operatorId) {
        return owned(operatorId).stream().map(id -> "store:" + id).toList();
    }

    @Override
    public void destroyKeys(UUID operatorId) {
        transactions.executeWithoutResult(tx -> owned(operatorId).forEach(vault::destroyKeys));
    }

    @Override
    public void erase(UUID operatorId) {
        transactions.executeWithoutResult(tx -> {
            // received: invitations to the operator's email and grants to the operator
            jdbc.sql("delete from store_invitation where email = esm.current_operator_email()").update();
            jdbc.sql("delete from store_access where operator_id = ?").param(operatorId).update();
            // owned: the stores, with their credentials, grants given and invitations sent (foreign keys)
            jdbc.sql("delete from store_invitation where store_owner_id = ?").param(operatorId).update();
            jdbc.sql("delete from store_access where store_owner_id = ?").param(operatorId).update();
            jdbc.sql("delete from store where owner_id = ?").param(operatorId).update();
        });
    }

    @Override
    public List<ExportFile> export(UUID operatorId) {
        List<Map<String, Object>> rows = transactions.execute(tx -> stores.list().stream().map(store -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", store.id());
            row.put("marketplace", store.marketplace().name());
            row.put("name", store.name());
            row.put("connected", store.credentialsSet());
            row.put("owner", store.ownedByMe() ? "you" : store.ownerName());
            row.put("createdAt", store.createdAt());
            if (store.ownedByMe()) {
                row.put("sharedWith", stores.grants(store.id()).stream().map(g -> Map.of(
                        "email", g.email(), "name", g.name(), "grantedAt", g.grantedAt())).toList());
                row.put("invited", invitations.invitations(store.id()).stream().map(i -> Map.of(
                        "email", i.email(), "invitedAt", i.invitedAt())).toList());
            }
            return row;
        }).toList());
        return List.of(new ExportFile("stores/stores.json", json.writeValueAsBytes(rows)));
    }

}
