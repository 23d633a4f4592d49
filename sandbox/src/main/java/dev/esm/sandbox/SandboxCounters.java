package dev.esm.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What a simulator has seen and done, for tests to read. Thread-safe; {@link #reset()} zeroes everything. */
public final class SandboxCounters {

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> throttled = new ConcurrentHashMap<>();
    private final Map<Fault, LongAdder> faults = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

    void request(String operation) {
        requests.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    /** Counts a 429 sent by the rate limiter (injected 429s count as faults). */
    public void countThrottled(String operation) {
        throttled.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    void fault(Fault fault) {
        faults.computeIfAbsent(fault, k -> new LongAdder()).increment();
    }

    void status(int status) {
        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    /** Requests routed to an operation (whatever the answer). */
    public long requests(String operation) {
        return sum(requests.get(operation));
    }

    public long totalRequests() {
        return requests.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** 429s the rate limiter sent for an operation. */
    public long throttled(String operation) {
        return sum(throttled.get(operation));
    }

    public long throttledTotal() {
        return throttled.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long faults(Fault fault) {
        return sum(faults.get(fault));
    }

    public long faultsTotal() {
        return faults.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Responses sent with a status (including injected and throttled ones). */
    public long responses(int status) {
        return sum(statuses.get(status));
    }

    public void reset() {
        requests.clear();
        throttled.clear();
        faults.clear();
        statuses.clear();
    }

    @Override
    public String toString() {
        return "requests=" + snapshot(requests) + " throttled=" + snapshot(throttled)
                + " faults=" + snapshot(faults) + " statuses=" + snapshot(statuses);
    }

    private static long sum(LongAdder adder) {
        return adder == null ? 0 : adder.sum();
    }

    private static <K> Map<String, Long> snapshot(Map<K, LongAdder> map) {
        Map<String, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v.sum()));
        return out;
    }
}
