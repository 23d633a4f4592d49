package dev.esm.shipping.internal;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.platform.ActingOperator;

/**
 * Seals the label files written in clear before schema version 9 (ADR 0012), at start, before the server takes
 * requests and before any worker starts. Each label is sealed in a transaction of its own, acting for its store's
 * owner, by a conditional update: a crash midway leaves every label either in clear or sealed, the next start goes on,
 * and nodes starting together cannot seal one twice. Until a label is sealed it is still served as it is.
 */
@Component
public class LabelSealing implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(LabelSealing.class);
    private static final int BATCH = 100;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ShipmentJournal journal;

    LabelSealing(JdbcClient jdbc, TransactionTemplate transactions, ShipmentJournal journal) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.journal = journal;
    }

    @Override
    public void afterSingletonsInstantiated() {
        sealClearLabels();
    }

    /** @return how many labels this call sealed */
    public int sealClearLabels() {
        int sealed = 0;
        UUID after = new UUID(0, 0);
        while (true) {
            UUID from = after;
            List<Clear> batch = transactions.execute(tx -> jdbc
                    .sql("select shipment_id, operator_id from esm.shipment_labels_in_clear(?, ?)")
                    .params(from, BATCH)
                    .query((rs, n) -> new Clear(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list());
            for (Clear clear : batch) {
                try {
                    if (Boolean.TRUE.equals(ActingOperator.runAs(clear.operatorId(),
                            () -> transactions.execute(tx -> journal.sealClearLabel(clear.shipmentId()))))) {
                        sealed++;
                    }
                } catch (RuntimeException e) {
                    // stays in clear (and downloadable) until the next start tries again
                    log.warn("The label file of shipment {} could not be sealed: {}", clear.shipmentId(),
                            e.getClass().getSimpleName());
                }
                after = clear.shipmentId();
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        if (sealed > 0) {
            log.info("Sealed {} label files stored in clear before schema version 9", sealed);
        }
        return sealed;
    }

    private record Clear(UUID shipmentId, UUID operatorId) {
    }
}
