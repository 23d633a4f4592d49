package dev.esm.orders.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.esm.orders.OrderException;
import dev.esm.orders.RequestSync;
import dev.esm.orders.SyncHistory;
import dev.esm.orders.SyncRun;
import dev.esm.platform.ActingOperator;
import dev.esm.stores.Stores;

/** A store's order sync: "sync now", its history, and live progress of a run as server-sent events. */
@RestController
class SyncApiController {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration MAX_STREAM = Duration.ofMinutes(30);

    private final RequestSync requestSync;
    private final SyncHistory history;
    private final Stores stores;
    private final ExecutorService streams = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sync-progress");
        thread.setDaemon(true);
        return thread;
    });

    SyncApiController(RequestSync requestSync, SyncHistory history, Stores stores) {
        this.requestSync = requestSync;
        this.history = history;
        this.stores = stores;
    }

    @PostMapping("/api/v1/stores/{id}/sync")
    ResponseEntity<Map<String, Object>> syncNow(@PathVariable String id) {
        requestSync.syncNow(storeId(id));
        return ResponseEntity.accepted().body(Map.of("requested", true));
    }

    @GetMapping("/api/v1/stores/{id}/sync-runs")
    Map<String, List<SyncRun>> runs(@PathVariable String id) {
        UUID storeId = storeId(id);
        stores.get(storeId);
        return Map.of("items", history.recent(storeId, 50));
    }

    /**
     * Streams the newest run of the store started at or after {@code since} (epoch ms; the run "sync now" asked for)
     * until it finishes: an event {@code progress} with
     * the run each time its counters move, then {@code finished}. Reads the database, so it works on any node.
     */
    @GetMapping(path = "/api/v1/stores/{id}/sync-runs/live", produces = "text/event-stream")
    SseEmitter live(@PathVariable String id, @org.springframework.web.bind.annotation.RequestParam(required = false) Long since) {
        UUID storeId = storeId(id);
        stores.get(storeId);
        UUID operator = ActingOperator.current().orElseThrow();
        SseEmitter emitter = new SseEmitter(MAX_STREAM.toMillis());
        java.time.Instant notBefore = since == null ? java.time.Instant.EPOCH : java.time.Instant.ofEpochMilli(since);
        streams.execute(() -> ActingOperator.runAs(operator, () -> stream(storeId, notBefore, emitter)));
        return emitter;
    }

    private void stream(UUID storeId, java.time.Instant notBefore, SseEmitter emitter) {
        try {
            SyncRun last = null;
            long deadline = System.nanoTime() + MAX_STREAM.toNanos();
            while (System.nanoTime() < deadline) {
                SyncRun run = history.recent(storeId, 1).stream()
                        .filter(r -> !r.startedAt().isBefore(notBefore)).findFirst().orElse(null);
                if (run != null && !run.equals(last)) {
                    boolean finished = run.outcome() != SyncRun.Outcome.RUNNING;
                    emitter.send(SseEmitter.event().name(finished ? "finished" : "progress").data(run));
                    last = run;
                    if (finished && run.finishedAt() != null) {
                        emitter.complete();
                        return;
                    }
                }
                Thread.sleep(POLL.toMillis());
            }
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        }
    }

    static UUID storeId(String raw) {
        try {
            if (raw != null && raw.length() == 36) {
                return UUID.fromString(raw);
            }
        } catch (IllegalArgumentException ignored) {
            // not an id of ours
        }
        throw new OrderException(true, "store-not-found", "No such store.");
    }
}
