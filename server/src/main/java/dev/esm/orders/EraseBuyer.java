package dev.esm.orders;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.esm.platform.AuditTrail;
import dev.esm.platform.web.ProblemException.Kind;
import dev.esm.privacy.BuyerErasure;
import dev.esm.privacy.ErasureReason;
import dev.esm.stores.Stores;

/**
 * Erases one order's buyer on request (issue 12): only the store's owner may, the order must hold its buyer still,
 * and the erasure is recorded in the audit log. The buyer's data is removed for good through privacy's
 * {@link BuyerErasure}; the order itself (lines, amounts, status, tracking) stays.
 */
@Service
public class EraseBuyer {

    static final String AUDIT_ACTION = "order.erase-buyer";

    private final OrderQueries orders;
    private final Stores stores;
    private final BuyerErasure erasure;
    private final AuditTrail audit;

    EraseBuyer(OrderQueries orders, Stores stores, BuyerErasure erasure, AuditTrail audit) {
        this.orders = orders;
        this.stores = stores;
        this.erasure = erasure;
        this.audit = audit;
    }

    /** Whether the acting operator may erase this order's buyer (owns its store); 404 for an order it cannot see. */
    @Transactional(readOnly = true)
    public boolean allowed(UUID orderId) {
        return stores.get(orders.summary(orderId).storeId()).ownedByMe();
    }

    /**
     * @return when the buyer was removed
     * @throws OrderException 404 for an order the operator cannot see, 403 {@code owner-only} for a store shared with
     *     it, 409 {@code buyer-already-removed}, 404 {@code buyer-not-found} when the marketplace provided none
     */
    @Transactional
    public OrderViews.BuyerRemoved erase(UUID orderId, String source) {
        OrderViews.OrderDetails order = orders.get(orderId);
        if (!stores.get(order.summary().storeId()).ownedByMe()) {
            throw new OrderException(Kind.FORBIDDEN, "owner-only",
                    "Only the store's owner can erase a buyer's details.");
        }
        if (order.buyerRemoved() == null && order.buyer() == null) {
            throw new OrderException(true, "buyer-not-found", "This order has no buyer details to erase.");
        }
        if (order.buyerRemoved() != null || erasure.erase(List.of(orderId), ErasureReason.OPERATOR_REQUEST) == 0) {
            throw new OrderException(Kind.CONFLICT, "buyer-already-removed",
                    "This order's buyer details were removed already.");
        }
        audit.record(AUDIT_ACTION, "order:" + orderId, source);
        return orders.get(orderId).buyerRemoved();
    }
}
