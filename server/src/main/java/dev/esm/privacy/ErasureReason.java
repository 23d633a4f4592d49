package dev.esm.privacy;

/** Why an order's buyer data was removed; kept on its tombstone. */
public enum ErasureReason {
    /** the retention period after delivery, shipment or cancellation ended */
    RETENTION,
    /** the store's owner asked to erase this buyer */
    OPERATOR_REQUEST,
    /** the marketplace said the buyer closed their account */
    MARKETPLACE_ACCOUNT_DELETION
}
