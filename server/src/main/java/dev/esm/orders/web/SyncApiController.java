package dev.esm.orders.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.esm.orders.OrderException;
import dev.esm.orders.RequestSync;
import dev.esm.orders.SyncHistory;
import dev.esm.orders.SyncRun;
import dev.esm.platform.LiveStreams;
import dev.esm.stores.Stores;

/** A store's order sync: "sync now", its history, and live progress of a run as server-sent events. */
@RestController
class SyncApiController {

    private static final Duration MAX_STREAM = Duration.ofMinutes(30);

    private final RequestSync requestSync;
    private final SyncHistory history;
    private final Stores stores;
    private final LiveStreams liveStreams;

    SyncApiController(RequestSync requestSync, SyncHistory history, Stores stores, LiveStreams liveStreams) {
        this.requestSync = requestSync;
        this.history = history;
        this.stores = stores;
        this.liveStreams = liveStreams;
    }

    /** 202 when the sync is asked for; 409 {@code sync-already-running} while a sync of the store runs. */
    @PostMapping("/api/v1/stores/{id}/sync")
    ResponseEntity<?> syncNow(@PathVariable String id) {
        if (requestSync.syncNow(storeId(id)) instanceof RequestSync.Answer.AlreadyRunning running) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "A sync of this store is already running; its progress is at sync-runs/live.");
            problem.setProperty("code", "sync-already-running");
            problem.setProperty("runningSince", running.since());
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
        }
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
     * the run each time its counters move, then {@code finished}. Reads the database, so it works on any node. One
     * poll per operator, store and {@code since}, however many pages follow it (the node's {@link LiveStreams}); 429
     * beyond the operator's or the node's number of open streams.
     */
    @GetMapping(path = "/api/v1/stores/{id}/sync-runs/live", produces = "text/event-stream")
    SseEmitter live(@PathVariable String id, @RequestParam(required = false) Long since) {
        UUID storeId = storeId(id);
        stores.get(storeId);
        Instant notBefore = since == null ? Instant.EPOCH : Instant.ofEpochMilli(since);
        return liveStreams.subscribe("sync-run:" + storeId + ":" + notBefore.toEpochMilli(), MAX_STREAM,
                () -> newestSince(storeId, notBefore));
    }

    private LiveStreams.Update newestSince(UUID storeId, Instant notBefore) {
        SyncRun run = history.recent(storeId, 1).stream()
                .filter(r -> !r.startedAt().isBefore(notBefore)).findFirst().orElse(null);
        if (run == null) {
            return null;
        }
        boolean finished = run.outcome() != SyncRun.Outcome.RUNNING;
        return new LiveStreams.Update(finished ? "finished" : "progress", run, finished && run.finishedAt() != null);
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
