package dev.esm.privacy;

import java.util.Map;

/**
 * Removes the buyer data whose retention ended (ADR 32): for each marketplace, the orders delivered, shipped or
 * cancelled longer ago than its retention, in batches, through {@link BuyerErasure}; the orders' other facts stay.
 * Each sweep that removed anything writes one audit entry with its counts. Run by a recurring task on one node at a
 * time; safe to repeat.
 */
public interface RetentionSweep {

    /** @return how many orders' buyer data this sweep removed, per marketplace (every marketplace, zeros included) */
    Result sweep();

    record Result(Map<dev.esm.shared.Marketplace, Integer> removed) {

        public int total() {
            return removed.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
