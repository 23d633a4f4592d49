package dev.esm.orders.web;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.esm.orders.RequestSync;
import dev.esm.orders.SyncHistory;
import dev.esm.orders.SyncRun;
import dev.esm.stores.Stores;
import tools.jackson.databind.json.JsonMapper;

/**
 * A store's order sync page: health, "sync now", live progress of the running sync, and the history (the page's script
 * fetches the page again when a run starts and finishes, and puts its state and history in place of its own).
 */
@Controller
class SyncPageController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Stores stores;
    private final SyncHistory history;
    private final RequestSync requestSync;

    SyncPageController(Stores stores, SyncHistory history, RequestSync requestSync) {
        this.stores = stores;
        this.history = history;
        this.requestSync = requestSync;
    }

    @GetMapping("/stores/{id}/sync")
    String page(@PathVariable String id, Model model) {
        UUID storeId = SyncApiController.storeId(id);
        model.addAttribute("store", stores.get(storeId));
        SyncHistory.SyncState state = history.state(storeId).orElse(null);
        List<SyncRun> runs = history.recent(storeId, 20);
        model.addAttribute("state", state);
        model.addAttribute("runs", runs);
        model.addAttribute("interval", interval(state, runs));
        model.addAttribute("outcomes", labels());
        model.addAttribute("outcomesJson", JSON.writeValueAsString(labels()));
        return "orders/sync";
    }

    @PostMapping("/stores/{id}/sync")
    String syncNow(@PathVariable String id, RedirectAttributes flash) {
        UUID storeId = SyncApiController.storeId(id);
        long since = Instant.now().toEpochMilli() - 1000;
        if (requestSync.syncNow(storeId) instanceof RequestSync.Answer.AlreadyRunning running) {
            // watch the sync that runs already
            flash.addFlashAttribute("notice", "A sync of this store is already running; its progress is shown below.");
            since = running.since().toEpochMilli();
        }
        return "redirect:/stores/" + storeId + "/sync?watch=" + since;
    }

    /**
     * How often the store actually syncs: the longer of its poll interval and the wait before the next sync that the
     * last run planned (the quota may allow a call only every few minutes while the poll interval says seconds).
     */
    static Duration interval(SyncHistory.SyncState state, List<SyncRun> runs) {
        if (state == null || state.pollInterval() == null) {
            return null;
        }
        Duration interval = state.pollInterval();
        Instant lastEnd = runs.stream().map(SyncRun::finishedAt).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
        if (lastEnd != null && state.nextSyncAt() != null && state.nextSyncAt().isAfter(lastEnd)) {
            Duration planned = Duration.between(lastEnd, state.nextSyncAt());
            interval = planned.compareTo(interval) > 0 ? planned : interval;
        }
        return interval;
    }

    /** The outcomes in the page's words, for the history and (as JSON) for the live card's script. */
    static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (SyncRun.Outcome outcome : SyncRun.Outcome.values()) {
            labels.put(outcome.name(), label(outcome));
        }
        return labels;
    }

    static String label(SyncRun.Outcome outcome) {
        return switch (outcome) {
            case RUNNING -> "Running";
            case SUCCEEDED -> "Succeeded";
            case FAILED -> "Failed";
            case NEEDS_RECONNECT -> "Needs reconnecting";
            case NOT_CONNECTED -> "Not connected";
            case PAUSED -> "Paused";
            case INTERRUPTED -> "Interrupted";
            case ALREADY_RUNNING -> "Left to another sync";
        };
    }
}
