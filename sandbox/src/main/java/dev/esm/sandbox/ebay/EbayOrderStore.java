package dev.esm.sandbox.ebay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * One seller's orders: per order its id, line count and {@link EbayOrderState}; full orders are built on read.
 * Listings are sorted by (lastModifiedDate, orderId), so offsets stay put while new orders arrive (they sort last);
 * an order that changes moves to the end. Thread-safe (one lock per seller).
 */
final class EbayOrderStore {

    /** Orders per seller: the order id packs the index into 24 bits. */
    static final int MAX_ORDERS = 1 << 24;

    /** What a listing asks for; null bounds are open, null statuses means all. Bounds are inclusive. */
    record Query(Long createdFrom, Long createdTo, Long modifiedFrom, Long modifiedTo,
                 Set<EbayOrder.Fulfillment> statuses) {
    }

    /** The orders of one page (built) and how many orders match in all. */
    record Page(List<EbayOrder> orders, int total) {
    }

    private final EbayOrderFactory factory;
    private final List<EbayOrderState> states = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final List<Long> numericIds = new ArrayList<>();
    private final List<Integer> lineCounts = new ArrayList<>();
    private final Map<String, Integer> byId = new HashMap<>();
    private int[] sorted = new int[0];
    private boolean stale;

    EbayOrderStore(EbayOrderFactory factory) {
        this.factory = factory;
    }

    synchronized int size() {
        return states.size();
    }

    /** Adds an order; returns its index. */
    synchronized int add(IntFunction<EbayOrderState> stateOfIndex) {
        int index = states.size();
        if (index >= MAX_ORDERS) {
            throw new IllegalStateException("a sandbox seller holds at most " + MAX_ORDERS + " orders");
        }
        String id = factory.orderId(index);
        states.add(stateOfIndex.apply(index));
        ids.add(id);
        numericIds.add(Long.parseLong(id.replace("-", "")));
        lineCounts.add(factory.lineCount(index));
        byId.put(id, index);
        stale = true;
        return index;
    }

    synchronized EbayOrderState state(int index) {
        return states.get(index);
    }

    synchronized int lineCount(int index) {
        return lineCounts.get(index);
    }

    /** Applies a change; when the state differs the order's position in listings moves. Returns the new state. */
    synchronized EbayOrderState update(int index, UnaryOperator<EbayOrderState> change) {
        EbayOrderState before = states.get(index);
        EbayOrderState after = change.apply(before);
        if (after != null && !after.equals(before)) {
            states.set(index, after);
            stale = true;
            return after;
        }
        return before;
    }

    synchronized int indexOf(String orderId) {
        Integer index = orderId == null ? null : byId.get(orderId);
        return index == null ? -1 : index;
    }

    synchronized String id(int index) {
        return ids.get(index);
    }

    synchronized List<String> ids() {
        return List.copyOf(ids);
    }

    synchronized EbayOrder order(int index) {
        return factory.build(index, states.get(index));
    }

    /** Orders {@code offset..offset+limit-1} of those matching, in listing order, and the number matching. */
    synchronized Page list(Query q, int offset, int limit) {
        int[] keys = sorted();
        int from = q.modifiedFrom() == null ? 0 : lowerBound(keys, q.modifiedFrom());
        List<EbayOrder> page = new ArrayList<>(Math.min(limit, 256));
        int total = 0;
        for (int i = from; i < keys.length; i++) {
            int index = keys[i];
            EbayOrderState s = states.get(index);
            if (q.modifiedTo() != null && s.modified() > q.modifiedTo()) {
                break;
            }
            if ((q.createdFrom() != null && s.created() < q.createdFrom())
                    || (q.createdTo() != null && s.created() > q.createdTo())
                    || (q.statuses() != null && !q.statuses().contains(s.fulfillment(lineCounts.get(index))))) {
                continue;
            }
            if (total >= offset && page.size() < limit) {
                page.add(factory.build(index, s));
            }
            total++;
        }
        return new Page(page, total);
    }

    private int[] sorted() {
        if (stale) {
            Integer[] order = new Integer[states.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                int byTime = Long.compare(states.get(a).modified(), states.get(b).modified());
                return byTime != 0 ? byTime : Long.compare(numericIds.get(a), numericIds.get(b));
            });
            sorted = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
            stale = false;
        }
        return sorted;
    }

    private int lowerBound(int[] keys, long modified) {
        int lo = 0;
        int hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (states.get(keys[mid]).modified() < modified) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
