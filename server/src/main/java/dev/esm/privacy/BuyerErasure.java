package dev.esm.privacy;

import java.util.Collection;
import java.util.UUID;

/**
 * Removes buyer data for good: the order's sealed buyer (name, address, phone, gift message) and the blind index of
 * the name go, a tombstone with the time and the reason stays, and the order sync never writes that order's buyer
 * again. Works on any operator's orders (it acts for no operator, for jobs such as the retention sweep); a caller
 * acting on an operator's request checks first that the operator owns the order. The orders' other facts are kept.
 */
public interface BuyerErasure {

    /** @return how many orders' buyer data this call removed (orders without a held buyer count nothing) */
    int erase(Collection<UUID> orderIds, ErasureReason reason);
}
