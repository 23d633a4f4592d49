package dev.esm.sandbox.amazon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One seller's orders, listed by (lastUpdatedTime, index): the key a pagination token points into, so paging stays
 * consistent while orders arrive or change (a changed order moves to the end: it can be seen twice, never missed).
 * Thread-safe (one lock per seller).
 */
final class AmazonOrderStore {

    /** Orders per seller: the index takes the low 23 bits of a key. */
    static final int MAX_ORDERS = 1 << 23;
    private static final long INDEX_MASK = MAX_ORDERS - 1;
    /** Keys count milliseconds from 2020-01-01 (negative before), so 40 bits last well past 2050. */
    private static final long KEY_EPOCH = 1_577_836_800_000L;
    static final long FROM_START = Long.MIN_VALUE;

    record Page(List<AmazonOrder> orders, long lastKey, boolean more) {
    }

    private final List<AmazonOrder> orders = new ArrayList<>();
    private final TreeMap<Long, Integer> byUpdate = new TreeMap<>();

    synchronized int size() {
        return orders.size();
    }

    synchronized int nextIndex() {
        return orders.size();
    }

    /** Adds an order built for index {@link #nextIndex()}. */
    synchronized void add(AmazonOrder order) {
        if (orders.size() >= MAX_ORDERS) {
            throw new IllegalStateException("a sandbox seller holds at most " + MAX_ORDERS + " orders");
        }
        int index = orders.size();
        orders.add(order);
        byUpdate.put(key(order.lastUpdatedTime().toEpochMilli(), index), index);
    }

    synchronized AmazonOrder get(int index) {
        return orders.get(index);
    }

    /** Replaces an order with what {@code change} returns (null: no change); returns the order now held. */
    synchronized AmazonOrder update(int index, UnaryOperator<AmazonOrder> change) {
        AmazonOrder before = orders.get(index);
        AmazonOrder after = change.apply(before);
        if (after == null || after == before) {
            return before;
        }
        byUpdate.remove(key(before.lastUpdatedTime().toEpochMilli(), index));
        orders.set(index, after);
        byUpdate.put(key(after.lastUpdatedTime().toEpochMilli(), index), index);
        return after;
    }

    /**
     * Matching orders after {@code afterKey} (exclusive), at most {@code limit}, among those last updated at or after
     * {@code updatedFrom} (epoch ms; {@link Long#MIN_VALUE} for all).
     */
    synchronized Page page(long updatedFrom, Predicate<AmazonOrder> filter, long afterKey, int limit) {
        long fromKey = Math.max(afterKey == FROM_START ? FROM_START : afterKey + 1,
                updatedFrom == Long.MIN_VALUE ? FROM_START : key(updatedFrom, 0));
        List<AmazonOrder> page = new ArrayList<>(Math.min(limit, 128));
        long lastKey = afterKey;
        for (Map.Entry<Long, Integer> entry : byUpdate.tailMap(fromKey, true).entrySet()) {
            AmazonOrder order = orders.get(entry.getValue());
            if (!filter.test(order)) {
                continue;
            }
            if (page.size() == limit) {
                return new Page(page, lastKey, true);
            }
            page.add(order);
            lastKey = entry.getKey();
        }
        return new Page(page, lastKey, false);
    }

    static long key(long lastUpdatedMillis, int index) {
        return ((lastUpdatedMillis - KEY_EPOCH) << 23) | index;
    }
}
