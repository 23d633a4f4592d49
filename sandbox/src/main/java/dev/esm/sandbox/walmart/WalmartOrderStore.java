package dev.esm.sandbox.walmart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One seller's orders, held compactly: per order an order date, a last-modified time, a base status and a status
 * mask (18 bytes); an order is only built from the seed when it is read, and kept in full only once it has changed.
 * Orders are listed by (last-modified, purchase order id), the key the paging cursor points into. Thread-safe
 * (one lock per seller).
 */
final class WalmartOrderStore {

    /** Orders per seller: the index takes the low 22 bits of a sort key. */
    static final int MAX_ORDERS = 1 << 22;
    private static final long INDEX_MASK = MAX_ORDERS - 1;
    /** Sort keys count milliseconds from 2020-01-01 so that 41 bits last until 2089. */
    private static final long KEY_EPOCH = 1_577_836_800_000L;
    /** The position before every key (keys are negative for orders modified before 2020). */
    static final long FROM_START = Long.MIN_VALUE;

    /** What a listing asks for; null bounds are open. {@code detail} needs the full order (slower). */
    record Filter(Long createdStart, Long createdEnd, Long modifiedStart, Long modifiedEnd, int statusBits,
                  Predicate<WalmartOrder> detail) {
    }

    record Page(List<WalmartOrder> orders, int totalCount, boolean more) {
    }

    private final WalmartOrderFactory factory;
    private long[] orderDate = new long[0];
    private long[] lastModified = new long[0];
    private byte[] baseStatus = new byte[0];
    private byte[] statusMask = new byte[0];
    private int size;
    private final Map<Integer, WalmartOrder> changed = new HashMap<>();
    private long[] sortedKeys = new long[0];
    private boolean sortedStale;

    WalmartOrderStore(WalmartOrderFactory factory) {
        this.factory = factory;
    }

    synchronized int size() {
        return size;
    }

    synchronized int changedCount() {
        return changed.size();
    }

    /** Adds {@code count} orders dated within {@code spreadMillis} before {@code now}. */
    synchronized void generate(int count, long now, long spreadMillis) {
        int first = grow(count);
        for (int i = first; i < size; i++) {
            WalmartOrderFactory.Initial init = factory.initial(i, now, spreadMillis);
            orderDate[i] = init.orderDate();
            lastModified[i] = init.lastModified();
            baseStatus[i] = (byte) init.status().ordinal();
            statusMask[i] = (byte) init.statusMask();
        }
        sortedStale = true;
    }

    /** Adds {@code count} orders placed at {@code now}, all lines Created; returns their indexes. */
    synchronized int[] addNew(int count, long now) {
        int first = grow(count);
        int[] added = new int[count];
        for (int i = first; i < size; i++) {
            orderDate[i] = now;
            lastModified[i] = now;
            baseStatus[i] = (byte) WalmartStatus.CREATED.ordinal();
            statusMask[i] = (byte) factory.statusMask(i, WalmartStatus.CREATED);
            added[i - first] = i;
        }
        sortedStale = true;
        return added;
    }

    synchronized int statusMask(int index) {
        return statusMask[index];
    }

    synchronized long lastModified(int index) {
        return lastModified[index];
    }

    /** A copy of the order (changes to it do not reach the store). */
    synchronized WalmartOrder get(int index) {
        WalmartOrder stored = changed.get(index);
        return stored != null ? stored.copy() : build(index);
    }

    /**
     * Applies a change to a copy of the order; when it returns true the copy becomes the order, its last-modified
     * time becomes {@code now}. A change that throws leaves the order as it was. Returns the resulting order (copy).
     */
    synchronized WalmartOrder update(int index, long now, Predicate<WalmartOrder> change) {
        WalmartOrder work = get(index);
        if (change.test(work)) {
            work.lastModified(now);
            changed.put(index, work);
            lastModified[index] = now;
            statusMask[index] = (byte) work.statusMask();
            sortedStale = true;
            return work.copy();
        }
        return work;
    }

    /** The page of matching orders after {@code afterKey} (exclusive; {@link #FROM_START} for the first page). */
    synchronized Page list(Filter filter, long afterKey, int limit) {
        long[] keys = sorted();
        int from = 0;
        if (filter.modifiedStart() != null) {
            from = lowerBound(keys, key(filter.modifiedStart(), 0));
        }
        List<WalmartOrder> page = new ArrayList<>(Math.min(limit, 256));
        int total = 0;
        boolean more = false;
        for (int i = from; i < keys.length; i++) {
            long key = keys[i];
            int index = (int) (key & INDEX_MASK);
            if (filter.modifiedEnd() != null && lastModified[index] > filter.modifiedEnd()) {
                break;
            }
            if (!matchesCheaply(filter, index)) {
                continue;
            }
            WalmartOrder order = null;
            if (filter.detail() != null) {
                order = get(index);
                if (!filter.detail().test(order)) {
                    continue;
                }
            }
            total++;
            if (key > afterKey) {
                if (page.size() < limit) {
                    page.add(order != null ? order : get(index));
                } else {
                    more = true;
                }
            }
        }
        return new Page(page, total, more);
    }

    /** The listing key of an order: (last-modified, index). */
    static long key(long lastModifiedMillis, int index) {
        return ((lastModifiedMillis - KEY_EPOCH) << 22) | index;
    }

    private boolean matchesCheaply(Filter f, int index) {
        long created = orderDate[index];
        long modified = lastModified[index];
        return (f.createdStart() == null || created >= f.createdStart())
                && (f.createdEnd() == null || created <= f.createdEnd())
                && (f.modifiedStart() == null || modified >= f.modifiedStart())
                && (f.statusBits() == 0 || (statusMask[index] & f.statusBits()) != 0);
    }

    private WalmartOrder build(int index) {
        return factory.build(index, orderDate[index], WalmartStatus.values()[baseStatus[index]], lastModified[index]);
    }

    private long[] sorted() {
        if (sortedStale) {
            long[] keys = new long[size];
            for (int i = 0; i < size; i++) {
                keys[i] = key(lastModified[i], i);
            }
            Arrays.sort(keys);
            sortedKeys = keys;
            sortedStale = false;
        }
        return sortedKeys;
    }

    private static int lowerBound(long[] keys, long key) {
        int i = Arrays.binarySearch(keys, key);
        return i >= 0 ? i : -i - 1;
    }

    private int grow(int count) {
        if (count < 0 || (long) size + count > MAX_ORDERS) {
            throw new IllegalArgumentException("a sandbox seller holds at most " + MAX_ORDERS + " orders");
        }
        int first = size;
        int needed = size + count;
        if (needed > orderDate.length) {
            int capacity = Math.max(needed, orderDate.length + orderDate.length / 2 + 16);
            orderDate = Arrays.copyOf(orderDate, capacity);
            lastModified = Arrays.copyOf(lastModified, capacity);
            baseStatus = Arrays.copyOf(baseStatus, capacity);
            statusMask = Arrays.copyOf(statusMask, capacity);
        }
        size = needed;
        return first;
    }
}
