package dev.esm.accounts.spi;

import java.util.List;
import java.util.UUID;

/**
 * One module's part of an operator's data, for deleting the account and exporting the data (ADR 34). Each module
 * implements it for its own tables, so no module deletes or reads another's rows. Every method is called acting for
 * the operator ({@link dev.esm.platform.ActingOperator}), by the account-deletion or account-export job, in
 * {@link org.springframework.core.annotation.Order} of the implementations (the module whose rows refer to another's
 * goes first: shipping, orders, stores). Deletion methods are called again after a crash, so each must be harmless when
 * repeated and must tolerate its data being half gone (keys destroyed, stores removed).
 */
public interface OperatorData {

    /** A short name for logs and the export's progress (e.g. "orders"). */
    String part();

    /**
     * Before the keys are destroyed: forgets what can only be found with the stores' secrets (rate buckets keyed by a
     * seller account or an API key). Must not fail when the keys are already gone.
     */
    default void beforeKeysDestroyed(UUID operatorId) {
    }

    /** Destroys the data keys of the operator's stores (crypto-shredding): their sealed data is unreadable at once. */
    default void destroyKeys(UUID operatorId) {
    }

    /** Audit targets naming the operator's data this module owns (e.g. {@code store:<id>}), forgotten with the account. */
    default List<String> auditTargets(UUID operatorId) {
        return List.of();
    }

    /** Removes every row of the operator that this module owns. */
    void erase(UUID operatorId);

    /** The operator's data in this module as files of the export ZIP, opened (decrypted) for the owner. */
    List<ExportFile> export(UUID operatorId);

    /** One file of the export: a path inside the ZIP (e.g. {@code orders/orders.json}) and its bytes. */
    record ExportFile(String path, byte[] content) {
    }
}
